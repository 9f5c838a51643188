using System.Diagnostics;
using System.Runtime.InteropServices;
using Sim.Tests.Config;
using Sim.Tests.Report;

namespace Sim.Tests.Cli;

/// <summary>
/// The real `sim` process: a report folder it cannot write is exit 2 and one line; SIGINT in the middle of a
/// network's run is exit 130 and one line, and the report from before is still there, byte for byte.
/// </summary>
[NonParallelizable]
public class SimProcessTests
{
    private const string Hardware = "ws-16x16-int8";
    private const int SigInt = 2;
    private string _root = "";

    [SetUp] public void MakeRoot() => _root = ReportTestSupport.NewTempDir("sim-process");

    [TearDown] public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [Test]
    public void AReportFolderThatIsAFileIsExit2AndOneLine()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "");
        var (exit, stdout, stderr) = SimProcess.Run(_root, "run", ReportTestSupport.WriteScenario(_root), "--hw", ReportTestSupport.HardwarePath(Hardware), "--out", file);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Is.EqualTo($"error: --out {file}: is a file, not a folder\n"));
        Assert.That(stdout, Is.Empty, "refused before the run's header");
    }

    [Test, Platform(Include = "Linux"), CancelAfter(300_000)]
    public void SigIntDuringARunIsExit130AndLeavesTheOldReport()
    {
        string report = ReportTestSupport.Run(Hardware, _root);
        var before = ReportFolderTests.Hashes(report);
        using var sim = SimProcess.Start(_root, "run", Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "zoo", "resnet50.yaml"), "--out", report);
        var stderr = sim.StandardError.ReadToEndAsync();
        // A process started with SIGINT ignored (a background job of a script) inherits that, and .NET keeps it so.
        Assume.That(SigIntIgnored(sim.Id), Is.False, "this test runs with SIGINT ignored, which sim then inherits");

        // The deterministic point: the scenario is loaded (its line is out) and the run has begun (its staging folder is there).
        string? first = sim.StandardOutput.ReadLine();
        Assert.That(first, Does.StartWith("scenario zoo-resnet50:"), () => "sim ended first: " + stderr.Result);
        string staging = Path.Combine(_root, $".out.tmp-{sim.Id}");
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(staging))
        {
            Assert.That(sim.HasExited, Is.False, () => "sim ended before it was interrupted: " + stderr.Result);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "no staging folder");
            Thread.Sleep(10);
        }
        Assert.That(kill(sim.Id, SigInt), Is.Zero);
        var sent = Stopwatch.StartNew();
        Assert.That(sim.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "sim did not stop");
        sim.StandardOutput.ReadToEnd();
        TestContext.Out.WriteLine($"stopped {sent.Elapsed.TotalSeconds:0.00} s after SIGINT, {clock.Elapsed.TotalSeconds:0.00} s into the run");

        Assert.That(sim.ExitCode, Is.EqualTo(130), () => stderr.Result);
        Assert.That(stderr.Result, Is.EqualTo("interrupted; no report written\n"));
        Assert.That(ReportFolderTests.Hashes(report), Is.EqualTo(before), "the earlier report, byte for byte");
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "out", "scenario.yaml" }),
            "no staging folder left");
    }

    /// <summary>Whether the process ignores SIGINT (bit 2 of SigIgn in /proc/PID/status).</summary>
    private static bool SigIntIgnored(int pid)
    {
        string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:"));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0;
    }
}
