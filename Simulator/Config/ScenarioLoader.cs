using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Loads a scenario YAML file (see scenarios/*.yaml) into a <see cref="ScenarioConfig"/>, loading the
/// hardware configuration it names. Keys: <c>name</c> (required), <c>hardware</c> (path relative to the
/// scenario file's directory; required unless overridden), <c>seed</c> (non-negative integer, default 0),
/// <c>data</c> (zero fractions in [0, 1], each default 0), <c>layers</c> (required, a non-empty list,
/// see <see cref="LayerParser"/>; names unique).
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] TopKeys = ["name", "hardware", "seed", "data", "layers"];
    private static readonly string[] DataKeys = ["activation_zero_fraction", "weight_zero_fraction"];

    /// <summary>
    /// Loads and validates <paramref name="path"/>. <paramref name="hardwareOverridePath"/> (the command
    /// line's <c>--hw</c>, relative to the working directory) replaces the file's <c>hardware:</c> key.
    /// </summary>
    public static ScenarioConfig Load(string path, string? hardwareOverridePath = null)
    {
        var root = YamlFile.LoadMapping(path, "scenario with keys " + string.Join(", ", TopKeys));
        return FromMapping(path, root, hardwareOverridePath);
    }

    /// <summary>Builds the scenario from an already-parsed top-level mapping of <paramref name="path"/>.</summary>
    public static ScenarioConfig FromMapping(string path, YamlMappingNode rootNode, string? hardwareOverridePath = null) =>
        Build(path, rootNode, root => hardwareOverridePath is not null
            ? HardwareLoader.Load(CheckOverride(hardwareOverridePath))
            : HardwareLoader.Load(ResolveHardwarePath(root, path)));

    /// <summary>
    /// Builds the scenario from a parsed mapping with hardware already loaded (a sweep point's,
    /// whose hardware tree was changed before loading); the file's <c>hardware:</c> key is ignored.
    /// </summary>
    public static ScenarioConfig FromMapping(string path, YamlMappingNode rootNode, HardwareConfig hardware) =>
        Build(path, rootNode, _ => hardware);

    /// <summary>The hardware file a parsed scenario names, resolved against the scenario's directory; errors as in <see cref="Load"/>.</summary>
    public static string HardwarePathOf(string path, YamlMappingNode rootNode) =>
        ResolveHardwarePath(MappingReader.Root(path, rootNode), path);

    private static ScenarioConfig Build(string path, YamlMappingNode rootNode, Func<MappingReader, HardwareConfig> loadHardware)
    {
        var root = MappingReader.Root(path, rootNode);
        root.RejectUnknownKeys(TopKeys);
        string name = root.Text("name");

        HardwareConfig hardware = loadHardware(root);

        int seed = root.OptionalInt("seed", 0, int.MaxValue, 0);

        var data = new DataSource(0, 0);
        if (root.Has("data"))
        {
            var d = root.Mapping("data");
            d.RejectUnknownKeys(DataKeys);
            data = new DataSource(
                d.OptionalNumber("activation_zero_fraction", 0, 1, minExclusive: false, 0),
                d.OptionalNumber("weight_zero_fraction", 0, 1, minExclusive: false, 0));
        }

        var layersNode = root.Required("layers");
        if (layersNode is not YamlSequenceNode list)
            throw root.ErrorAt(layersNode, $"layers: expected a list of layers, got {YamlValues.Describe(layersNode)}");
        if (list.Children.Count == 0)
            throw root.ErrorAt(layersNode, "layers: expected at least one layer, got an empty list");
        if (list.Children.Count > ConfigBounds.MaxLayers)
            throw root.ErrorAt(layersNode, $"layers: expected at most {ConfigBounds.MaxLayers} layers (sanity bound), got {list.Children.Count}");

        var layers = new List<LayerSpec>(list.Children.Count);
        var firstUse = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < list.Children.Count; i++)
        {
            var layer = LayerParser.Parse(path, i, list.Children[i], hardware);
            var nameNode = ((YamlMappingNode)list.Children[i]).Children[new YamlScalarNode("name")];
            if (firstUse.TryGetValue(layer.Name, out long line))
                throw root.ErrorAt(nameNode, $"layers[{i}].name: duplicate layer name '{layer.Name}' (first used at line {line})");
            firstUse.Add(layer.Name, nameNode.Start.Line);
            layers.Add(layer);
        }

        return new ScenarioConfig(name, path, hardware, seed, data, layers);
    }

    /// <summary>The <c>--hw</c> path must name a file; the error names the option.</summary>
    private static string CheckOverride(string path)
    {
        if (Directory.Exists(path))
            throw new InputError($"--hw {path}: is a directory, not a hardware configuration file");
        if (!File.Exists(path))
            throw new InputError($"--hw {path}: no such file");
        return path;
    }

    /// <summary>
    /// The scenario's <c>hardware:</c> value resolved against the scenario file's directory. A missing
    /// file or a directory is reported at the value.
    /// </summary>
    private static string ResolveHardwarePath(MappingReader root, string scenarioPath)
    {
        var node = root.Required("hardware", "the path of a hardware configuration, or pass --hw");
        string relative = root.Text("hardware");
        string resolved = Path.IsPathRooted(relative)
            ? relative
            : Path.Combine(Path.GetDirectoryName(scenarioPath) ?? "", relative);
        if (!Path.IsPathRooted(scenarioPath) && !Path.IsPathRooted(relative))
            resolved = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(resolved));
        else
            resolved = Path.GetFullPath(resolved);

        string shown = resolved == relative ? $"'{relative}'" : $"'{relative}' (resolved to '{resolved}')";
        if (Directory.Exists(resolved))
            throw root.ErrorAt(node, $"hardware: {shown} is a directory, not a hardware configuration file");
        if (!File.Exists(resolved))
            throw root.ErrorAt(node, $"hardware: no such file {shown}");
        return resolved;
    }
}
