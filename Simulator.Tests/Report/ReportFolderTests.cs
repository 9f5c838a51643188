using System.Security.Cryptography;
using Sim.Config;
using Sim.Report;

namespace Sim.Tests.Report;

/// <summary>
/// A report folder is refused before the run if it cannot be written, and otherwise replaced whole: the target
/// holds the old report or the new one, never a mix, and no staging folder outlives the report.
/// </summary>
public class ReportFolderTests
{
    private string _root = "";

    [SetUp] public void MakeRoot() => _root = ReportTestSupport.NewTempDir("report-folder");

    [TearDown] public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    /// <summary>Every file under <paramref name="dir"/> and its SHA-256, by relative path.</summary>
    public static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private string[] RootEntries() => Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order().ToArray()!;

    private string OldReport()
    {
        string target = Path.Combine(_root, "report");
        Directory.CreateDirectory(Path.Combine(target, "plots"));
        File.WriteAllText(Path.Combine(target, "summary.json"), "old");
        File.WriteAllText(Path.Combine(target, "plots", "latency.png"), "old plot");
        File.WriteAllText(Path.Combine(target, "stray.txt"), "not written by the new run");
        return target;
    }

    [Test]
    public void AFileADeviceAnEmptyPathAndAPathUnderAFileAreErrors()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "");
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Stage(file))!.Message, Is.EqualTo($"error: --out {file}: is a file, not a folder"));
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Stage("/dev/null"))!.Message, Is.EqualTo("error: --out /dev/null: is a file, not a folder"));
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Stage(""))!.Message, Is.EqualTo("error: --out: expected a folder path, got an empty one"));
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Stage(Path.Combine(file, "sub")))!.Message,
            Does.StartWith($"error: --out {Path.Combine(file, "sub")}: cannot write reports there"));
        // Root may write anywhere on disk, not in /proc.
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Stage("/proc/sim-report"))!.Message,
            Does.StartWith("error: --out /proc/sim-report: cannot write reports there"));
        Assert.That(RootEntries(), Is.EqualTo(new[] { "file" }), "nothing created");
    }

    [Test]
    public void ANewFolderAppearsOnlyWhenCommittedAndComplete()
    {
        string target = Path.Combine(_root, "a", "b");
        using var folder = ReportFolder.Stage(target);
        Assert.That(Path.GetDirectoryName(folder.Staging), Is.EqualTo(Path.Combine(_root, "a")), "staged beside the target");
        Assert.That(Path.GetFileName(folder.Staging), Is.EqualTo($".b.tmp-{Environment.ProcessId}"));
        File.WriteAllText(Path.Combine(folder.Staging, "summary.json"), "new");
        Assert.That(Directory.Exists(target), Is.False, "no target before the commit");
        folder.Commit();
        Assert.That(Hashes(target).Keys, Is.EqualTo(new[] { "summary.json" }));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(_root, "a")), Is.EqualTo(new[] { target }));
    }

    [Test]
    public void ACommitReplacesTheOldReportWhole()
    {
        string target = OldReport();
        using (var folder = ReportFolder.Stage(target))
        {
            File.WriteAllText(Path.Combine(folder.Staging, "summary.json"), "new");
            Assert.That(File.ReadAllText(Path.Combine(target, "summary.json")), Is.EqualTo("old"), "the old report stays until the commit");
            folder.Commit();
        }
        Assert.That(Hashes(target).Keys, Is.EqualTo(new[] { "summary.json" }), "no file of the old report survives");
        Assert.That(File.ReadAllText(Path.Combine(target, "summary.json")), Is.EqualTo("new"));
        Assert.That(RootEntries(), Is.EqualTo(new[] { "report" }), "neither the staging folder nor the old report is left");
    }

    [Test]
    public void AReportNotCommittedLeavesTheOldOneAndNoStagingFolder()
    {
        string target = OldReport();
        var before = Hashes(target);
        using (var folder = ReportFolder.Stage(target))
            File.WriteAllText(Path.Combine(folder.Staging, "summary.json"), "new");
        Assert.That(Hashes(target), Is.EqualTo(before));
        Assert.That(RootEntries(), Is.EqualTo(new[] { "report" }));
    }

    [Test]
    public void ALinkToAFolderStaysALinkToTheNewReport()
    {
        string real = OldReport();
        string link = Path.Combine(_root, "link");
        Directory.CreateSymbolicLink(link, real);
        using (var folder = ReportFolder.Stage(link))
        {
            File.WriteAllText(Path.Combine(folder.Staging, "summary.json"), "new");
            folder.Commit();
        }
        Assert.That(new DirectoryInfo(link).LinkTarget, Is.EqualTo(real));
        Assert.That(Hashes(real).Keys, Is.EqualTo(new[] { "summary.json" }));
        Assert.That(RootEntries(), Is.EqualTo(new[] { "link", "report" }));
    }

    [Test]
    public void ALeftoverStagingFolderOfThisProcessIdIsReplaced()
    {
        string leftover = Path.Combine(_root, $".report.tmp-{Environment.ProcessId}");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "half-written.csv"), "");
        using var folder = ReportFolder.Stage(Path.Combine(_root, "report"));
        Assert.That(Directory.GetFileSystemEntries(folder.Staging), Is.Empty);
    }
}
