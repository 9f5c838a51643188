using Sim.Config;
using Sim.Report;

namespace Sim.Tests.Report;

/// <summary>A report folder that cannot be written is an error before the run, not after it.</summary>
public class ReportFolderTests
{
    private string _root = "";

    [SetUp] public void MakeRoot() => _root = ReportTestSupport.NewTempDir("report-folder");

    [TearDown] public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void AFileADeviceAnEmptyPathAndAPathUnderAFileAreErrors()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "");
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Prepare(file))!.Message, Is.EqualTo($"error: --out {file}: is a file, not a folder"));
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Prepare("/dev/null"))!.Message, Is.EqualTo("error: --out /dev/null: is a file, not a folder"));
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Prepare(""))!.Message, Is.EqualTo("error: --out: expected a folder path, got an empty one"));
        Assert.That(Assert.Throws<InputError>(() => ReportFolder.Prepare(Path.Combine(file, "sub")))!.Message,
            Does.StartWith($"error: --out {Path.Combine(file, "sub")}: cannot write reports there"));
    }

    [Test]
    public void ANewFolderIsCreatedAndLeftEmpty()
    {
        string folder = Path.Combine(_root, "a", "b");
        ReportFolder.Prepare(folder);
        Assert.That(Directory.Exists(folder), Is.True);
        Assert.That(Directory.EnumerateFileSystemEntries(folder), Is.Empty, "the write probe is removed");
    }
}
