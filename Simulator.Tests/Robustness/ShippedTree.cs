using Sim.Tests.Config;

namespace Sim.Tests.Robustness;

/// <summary>
/// A copy of the repository's configs/ and scenarios/ in a temporary folder: a mutant is written over its file there,
/// so that the paths between shipped files resolve as they do in the repository while the repository stays untouched.
/// </summary>
internal sealed class ShippedTree : IDisposable
{
    private static readonly string[] Folders = ["configs", "scenarios"];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sim-mutation-" + Guid.NewGuid().ToString("N"));

    public ShippedTree()
    {
        foreach (string folder in Folders)
            foreach (string file in Directory.EnumerateFiles(Path.Combine(ConfigTestSupport.RepoRoot, folder), "*", SearchOption.AllDirectories))
            {
                string copy = Path.Combine(Root, Path.GetRelativePath(ConfigTestSupport.RepoRoot, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
    }

    /// <summary>Every shipped YAML file, relative to the repository, in a fixed order.</summary>
    public static IEnumerable<string> YamlFiles() =>
        Folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(ConfigTestSupport.RepoRoot, f), "*.yaml", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(ConfigTestSupport.RepoRoot, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
