using Sim.Cli;
using Sim.Tests.Config;

namespace Sim.Tests.Report;

/// <summary>
/// `sim run scenarios/zoo/resnet50.yaml` (121 layers, 56 of them on a unit of their own) into a temporary folder, at most once per test run, for the
/// tests of how reports scale to a whole network; removed after the last test of this namespace.
/// </summary>
[SetUpFixture]
public class Resnet50Report
{
    private static readonly Lazy<string> Root = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The report folder, run on first use.</summary>
    public static string Directory => Path.Combine(Root.Value, "out");

    private static string Run()
    {
        string root = ReportTestSupport.NewTempDir("resnet50");
        var stderr = new StringWriter();
        int code = RunCommand.Execute(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "zoo", "resnet50.yaml"), null,
            Path.Combine(root, "out"), new StringWriter(), stderr);
        Assert.That(code, Is.Zero, stderr.ToString());
        return root;
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Root.IsValueCreated) System.IO.Directory.Delete(Root.Value, recursive: true);
    }
}
