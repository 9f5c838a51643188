using Sim.Report;

namespace Sim.Tests.Report;

/// <summary>A file written through <see cref="AtomicFile"/> is the old one or the new one, and leaves nothing beside it.</summary>
public class AtomicFileTests
{
    private string _root = "";

    [SetUp] public void MakeRoot() => _root = ReportTestSupport.NewTempDir("atomic-file");

    [TearDown] public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void AFileIsReplacedWholeAndNothingIsLeftBesideIt()
    {
        string path = Path.Combine(_root, "plots", "pareto.png");
        AtomicFile.Write(path, [1, 2, 3, 4]);
        AtomicFile.Write(path, [5]);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 5 }));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(_root, "plots")), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void AWriteThatFailsLeavesTheOldFile()
    {
        string path = Path.Combine(_root, "points.csv");
        File.WriteAllText(path, "old");
        // A folder in the way of the temporary name makes the write fail before the rename.
        Directory.CreateDirectory(Path.Combine(_root, $".points.csv.tmp-{Environment.ProcessId}"));
        Assert.Catch(() => AtomicFile.Write(path, [1]));
        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
    }
}
