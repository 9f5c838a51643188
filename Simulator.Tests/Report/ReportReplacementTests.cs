using Sim.Cli;
using Sim.Config;
using Sim.Profiling;
using Sim.Report;
using Sim.Scenarios;

namespace Sim.Tests.Report;

/// <summary>
/// `sim run` and `sim report` against a folder holding an earlier report: a finished run replaces it whole; an
/// interrupted one (its token cancelled at a set point) leaves it byte for byte, removes its staging folder,
/// prints one line and exits 130; a folder that cannot take a report is refused before anything is simulated.
/// </summary>
public class ReportReplacementTests
{
    private const string Hardware = "ws-16x16-int8";
    private string _root = "";
    private string _out = "";
    private Dictionary<string, string> _before = [];

    [SetUp]
    public void RunOnce()
    {
        _root = ReportTestSupport.NewTempDir("replace");
        _out = ReportTestSupport.Run(Hardware, _root);
        _before = ReportFolderTests.Hashes(_out);
    }

    [TearDown] public void CleanUp() => Directory.Delete(_root, recursive: true);

    private ScenarioConfig Scenario() => ScenarioLoader.Load(Path.Combine(_root, "scenario.yaml"), ReportTestSupport.HardwarePath(Hardware));

    private void AssertOldReportIntactAndNoStagingFolder()
    {
        Assert.That(ReportFolderTests.Hashes(_out), Is.EqualTo(_before), "the earlier report, byte for byte");
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "out", "scenario.yaml" }),
            "no staging folder left beside it");
    }

    [Test]
    public void ARunCancelledAfterItsFirstLayerLeavesTheOldReport()
    {
        using var cancel = new CancellationTokenSource();
        Assert.Catch<OperationCanceledException>(() => RunAndReport.Execute(Scenario(), _out, RunPhases.Off, (i, _) =>
        {
            if (i == 0) cancel.Cancel();
        }, cancel.Token));
        AssertOldReportIntactAndNoStagingFolder();
    }

    [Test]
    public void ARunCancelledAmongItsReportFilesLeavesTheOldReport()
    {
        // Cancelled as the last layer is reported, the run ends; summary.json, layers.csv and energy.csv are staged,
        // and the check before timeline.json stops the report.
        using var cancel = new CancellationTokenSource();
        var scenario = Scenario();
        Assert.Catch<OperationCanceledException>(() => RunAndReport.Execute(scenario, _out, RunPhases.Off, (i, _) =>
        {
            if (i == scenario.StepCount - 1) cancel.Cancel();
        }, cancel.Token));
        AssertOldReportIntactAndNoStagingFolder();
    }

    [Test]
    public void AnInterruptedRunCommandPrintsOneLineAndExits130()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RunCommand.Execute(Path.Combine(_root, "scenario.yaml"), ReportTestSupport.HardwarePath(Hardware), _out, stdout, stderr, cancel: cancel.Token);
        Assert.That(code, Is.EqualTo(130));
        Assert.That(stderr.ToString(), Is.EqualTo("interrupted; no report written" + Environment.NewLine));
        Assert.That(stdout.ToString(), Does.Not.Contain("latency"), "no results");
        AssertOldReportIntactAndNoStagingFolder();
    }

    [Test]
    public void AnInterruptedReportCommandPrintsOneLineAndExits130()
    {
        File.Delete(Path.Combine(_out, "energy.csv")); // so that a redraw would change the page and drop the energy plot
        _before = ReportFolderTests.Hashes(_out);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var stderr = new StringWriter();
        Assert.That(ReportCommand.Execute(_out, new StringWriter(), stderr, cancel.Token), Is.EqualTo(130));
        Assert.That(stderr.ToString(), Is.EqualTo("interrupted; no report written" + Environment.NewLine));
        AssertOldReportIntactAndNoStagingFolder();
    }

    [Test]
    public void ASecondRunReplacesTheReportWhole()
    {
        File.WriteAllText(Path.Combine(_out, "stray.txt"), "from an earlier run");
        File.WriteAllText(Path.Combine(_out, "plots", "old-plot.png"), "from an earlier run");
        Assert.That(ReportTestSupport.Run(Hardware, _root), Is.EqualTo(_out));
        var after = ReportFolderTests.Hashes(_out);
        Assert.That(after.Keys.Order(), Is.EqualTo(_before.Keys.Order()), "exactly the files the run writes, no file of the earlier folder");
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "out", "scenario.yaml" }));
    }

    [Test]
    public void SimReportKeepsTheRunsOtherFilesAndDropsPlotsItNoLongerDraws()
    {
        File.WriteAllText(Path.Combine(_out, "notes.txt"), "the user's");
        File.Delete(Path.Combine(_out, "energy.csv"));
        Assert.That(ReportCommand.Execute(_out, new StringWriter(), new StringWriter()), Is.Zero);
        var after = ReportFolderTests.Hashes(_out).Keys;
        Assert.That(after, Does.Contain("notes.txt"));
        Assert.That(after, Does.Not.Contain(Path.Combine("plots", "energy.png")));
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "out", "scenario.yaml" }));
    }

    private static IEnumerable<TestCaseData> BadTargets()
    {
        yield return new TestCaseData("file", "is a file, not a folder").SetArgDisplayNames("a file");
        yield return new TestCaseData("/dev/null", "is a file, not a folder").SetArgDisplayNames("a device");
        yield return new TestCaseData("file/report", "cannot write reports there (").SetArgDisplayNames("under a file");
        yield return new TestCaseData("", "expected a folder path, got an empty one").SetArgDisplayNames("empty");
    }

    [TestCaseSource(nameof(BadTargets))]
    public void ABadTargetIsOneLineBeforeAnythingIsSimulated(string target, string message)
    {
        File.WriteAllText(Path.Combine(_root, "file"), "");
        string path = target.StartsWith("file") ? Path.Combine(_root, target) : target;
        var e = Assert.Throws<InputError>(() => RunAndReport.Execute(Scenario(), path, RunPhases.Off,
            (_, _) => Assert.Fail("a layer ran before the report folder was checked")))!;
        Assert.That(e.Message, Does.StartWith("error: --out").And.Contain(message).And.Not.Contain('\n'));
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "file", "out", "scenario.yaml" }));
    }
}
