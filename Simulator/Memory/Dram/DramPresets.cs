using Sim.Config;

namespace Sim.Memory.Dram;

/// <summary>
/// The shipped presets, configs/dram/NAME.yaml, copied next to the executable by the build so that
/// <c>--preset NAME</c> works from any directory.
/// </summary>
internal static class DramPresets
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "configs", "dram");

    public static IReadOnlyList<string> Names =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order().ToArray()
            : [];

    /// <summary>Loads preset <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static DramConfig Load(string name)
    {
        string path = Path.Combine(Directory, name + ".yaml");
        if (name.Contains('/') || name.Contains('\\') || !File.Exists(path))
        {
            throw new InputError(
                $"--preset: unknown DRAM preset '{Excerpt.Of(name)}' (expected one of: {string.Join(", ", Names)}){NearestName.Suggestion(name, Names)}");
        }
        return DramConfigLoader.Load(path);
    }
}
