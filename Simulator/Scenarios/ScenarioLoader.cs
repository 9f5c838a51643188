using Sim.Config;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Operators;
using YamlDotNet.RepresentationModel;
using Sim.Onnx.Import;
using Sim.Scenarios.ScaleSim;

namespace Sim.Scenarios;

/// <summary>
/// Loads a scenario YAML file (see scenarios/*.yaml) into a <see cref="ScenarioConfig"/>, loading the
/// hardware configuration it names. Keys: <c>name</c> (required), <c>hardware</c> (path relative to the
/// scenario file's directory; required unless overridden), <c>seed</c> (non-negative integer, default 0),
/// <c>data</c> (zero fractions in [0, 1], each default 0), <c>layers</c> (required, a non-empty list,
/// see <see cref="LayerParser"/>; names unique), <c>batch</c> (inferences run together, default 1: every layer's
/// batch dimension, or a GEMM's rows, times it, see <see cref="LayerSpec.Batched"/>; a model's symbolic batch dimension).
/// </summary>
internal static class ScenarioLoader
{
    private static readonly string[] TopKeys = ["name", "hardware", "seed", "data", "execution", "layers", "model", "input", "batch"];
    private static readonly string[] ExecutionKeys = ["offload", "fuse", "keep_on_chip", "max_cycles", "pipeline"];
    private static readonly (string, Offload)[] Offloads = [("network", Offload.Network), ("layer", Offload.Layer)];
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
        int batch = root.OptionalInt("batch", 1, ConfigBounds.MaxBatch, 1);

        var data = new DataSource(0, 0);
        if (root.Has("data"))
        {
            var d = root.Mapping("data");
            d.RejectUnknownKeys(DataKeys);
            data = new DataSource(
                d.OptionalNumber("activation_zero_fraction", 0, 1, minExclusive: false, 0),
                d.OptionalNumber("weight_zero_fraction", 0, 1, minExclusive: false, 0));
        }

        var execution = ExecutionConfig.Default;
        if (root.Has("execution"))
        {
            var e = root.Mapping("execution");
            e.RejectUnknownKeys(ExecutionKeys);
            execution = new ExecutionConfig(
                e.Has("offload") ? e.Choice("offload", Offloads) : execution.Offload,
                e.Has("fuse") ? e.Choice("fuse", HardwareLoader.Flags) : execution.Fuse)
            {
                KeepOnChip = !e.Has("keep_on_chip") || e.Choice("keep_on_chip", HardwareLoader.Flags),
                MaxCycles = e.Has("max_cycles") ? e.Integer("max_cycles", 1, 1L << 50) : ExecutionConfig.DefaultMaxCycles,
                Pipeline = e.Has("pipeline") && e.Choice("pipeline", HardwareLoader.Flags),
            };
        }

        if (root.Has("model"))
        {
            if (root.Has("layers"))
                throw root.ErrorAt(root.KeyNode("layers"), "layers: a scenario runs either layers or a model, not both (remove layers: or model:)");
            var graph = LoadModel(root, path, "model", ".onnx", batch, out _);
            OperatorSet.RequireHardware(graph, hardware);
            string? input = root.Has("input") ? LoadPath(root, path, "input", ".pb") : null;
            return new ScenarioConfig(name, path, hardware, seed, data, []) { Graph = graph, InputPath = input, Execution = execution, Batch = batch };
        }
        if (root.Has("input"))
            throw root.ErrorAt(root.KeyNode("input"), "input: only a scenario with a model: takes an input file");

        var layersNode = root.Required("layers", "a list of layers, or model: path.onnx");
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
            var layer = LayerParser.Parse(path, i, list.Children[i], hardware).Batched(batch);
            var nameNode = ((YamlMappingNode)list.Children[i]).Children[new YamlScalarNode("name")];
            if (firstUse.TryGetValue(layer.Name, out long line))
                throw root.ErrorAt(nameNode, $"layers[{i}].name: duplicate layer name '{Excerpt.Of(layer.Name)}' (first used at line {line})");
            firstUse.Add(layer.Name, nameNode.Start.Line);
            CheckInputs(path, i, (YamlMappingNode)list.Children[i], layer, layers, hardware);
            CheckMapping(path, i, (YamlMappingNode)list.Children[i], layer, hardware);
            layers.Add(layer);
        }
        if (LayerLimits.Scenario(layers) is { } problem)
            throw root.ErrorAt(layersNode, $"layers: {problem}");

        return new ScenarioConfig(name, path, hardware, seed, data, layers) { Execution = execution, Batch = batch };
    }

    /// <summary>A layer's own <c>mapping:</c> must leave the mapper a plan that fits the hardware's buffers.</summary>
    private static void CheckMapping(string path, int index, YamlMappingNode node, LayerSpec layer, HardwareConfig hw)
    {
        if (layer.Mapping is not { } choice || ShapeOperands.Of(hw, layer) is not var (shape, operands)) return;
        try
        {
            Mapper.Map(hw, shape, operands, layer.FormatOn(hw), structured24: false, choice);
        }
        catch (InputError e)
        {
            throw ValueReader.ErrorAt(path, node.Children[new YamlScalarNode("mapping")], $"layers[{index}].mapping: {e.Reason}");
        }
    }

    /// <summary>
    /// A layer's <c>inputs:</c> must name layers listed before it whose outputs have as many elements as the
    /// layer reads (a flatten between them is free); a relu, pool or add reads int8 outputs only.
    /// </summary>
    private static void CheckInputs(string path, int index, YamlMappingNode node, LayerSpec layer, IReadOnlyList<LayerSpec> earlier, HardwareConfig hw)
    {
        if (layer.Inputs is not { } inputs) return;
        var list = (YamlSequenceNode)node.Children[new YamlScalarNode("inputs")];
        for (int j = 0; j < inputs.Count; j++)
        {
            var at = list.Children[j];
            string where = $"layers[{index}].inputs[{j}]";
            var producer = earlier.FirstOrDefault(l => l.Name == inputs[j])
                ?? throw ValueReader.ErrorAt(path, at, $"{where}: '{Excerpt.Of(inputs[j])}' is not a layer listed before '{Excerpt.Of(layer.Name)}'");
            long produced = producer.OutputElements, read = layer.InputElements;
            if (produced != read)
                throw ValueReader.ErrorAt(path, at,
                    $"{where}: '{Excerpt.Of(producer.Name)}' outputs {produced} elements, '{Excerpt.Of(layer.Name)}' reads {read}");
            var made = producer.OutputFormat(hw);
            var wanted = layer.InputFormat(hw);
            if (made != wanted)
                throw ValueReader.ErrorAt(path, at,
                    $"{where}: '{Excerpt.Of(producer.Name)}' writes {made.Name()} values, '{Excerpt.Of(layer.Name)}' reads {wanted.Name()}");
        }
    }

    /// <summary>The ONNX model a <c>model:</c> key names (relative to the scenario), loaded and checked; errors point at the value.</summary>
    private static OnnxGraph LoadModel(MappingReader root, string scenarioPath, string key, string extension, int batch, out string resolved)
    {
        resolved = LoadPath(root, scenarioPath, key, extension);
        try
        {
            return OnnxGraph.Load(resolved, batch);
        }
        catch (InputError e)
        {
            throw root.ErrorAt(root.Required(key), $"{key}: {e.Reason}");
        }
    }

    /// <summary>A file path value resolved against the scenario's directory; it must exist and end in <paramref name="extension"/>.</summary>
    private static string LoadPath(MappingReader root, string scenarioPath, string key, string extension)
    {
        var node = root.Required(key);
        string relative = root.PathText(key);
        if (!relative.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            throw root.ErrorAt(node, $"{key}: expected a {extension} file, got '{relative}'");
        string resolved = Path.IsPathRooted(relative) ? relative : Path.Combine(Path.GetDirectoryName(scenarioPath) ?? "", relative);
        root.RequireFile(key, relative, resolved);
        return resolved;
    }

    /// <summary>
    /// A scenario for an ONNX model given on the command line (<c>sim run MODEL.onnx --hw CONFIG</c>): named
    /// after the file, seed 0, no zeros forced into the inputs unless asked.
    /// </summary>
    public static ScenarioConfig ForModel(string modelPath, string? hardwarePath, int seed = 0, string? inputPath = null)
    {
        var hardware = HardwareFor(modelPath, "an ONNX model", hardwarePath);
        InputPath.RequireFile(modelPath);
        if (inputPath is not null) InputPath.RequireFile(inputPath, label: $"--input {inputPath}");
        var graph = OnnxGraph.Load(modelPath);
        OperatorSet.RequireHardware(graph, hardware);
        return new ScenarioConfig(Path.GetFileNameWithoutExtension(modelPath), modelPath, hardware, seed, new DataSource(0, 0), [])
        {
            Graph = graph,
            InputPath = inputPath,
        };
    }

    /// <summary>
    /// A scenario for a SCALE-Sim topology given on the command line (<c>sim run TOPOLOGY.csv --hw CONFIG</c>): its
    /// layers (see <see cref="TopologyReader"/>) named after the file, with seeded data as any scenario has.
    /// </summary>
    public static ScenarioConfig ForTopology(string topologyPath, string? hardwarePath, int seed = 0)
    {
        var hardware = HardwareFor(topologyPath, "a SCALE-Sim topology", hardwarePath);
        var layers = TopologyReader.Read(topologyPath);
        return new ScenarioConfig(Path.GetFileNameWithoutExtension(topologyPath), topologyPath, hardware, seed, new DataSource(0, 0), layers);
    }

    /// <summary>The hardware a file that names none (<paramref name="what"/>) runs on: the <c>--hw</c> it needs.</summary>
    private static HardwareConfig HardwareFor(string path, string what, string? hardwarePath) =>
        hardwarePath is null
            ? throw new InputError($"{path}: {what} needs --hw CONFIG (the hardware to run it on)")
            : HardwareLoader.Load(CheckOverride(hardwarePath));

    /// <summary>The <c>--hw</c> path must name a file; the error names the option.</summary>
    private static string CheckOverride(string path)
    {
        InputPath.RequireFile(path, "a hardware configuration file", $"--hw {path}");
        return path;
    }

    /// <summary>
    /// The scenario's <c>hardware:</c> value resolved against the scenario file's directory. A missing
    /// file or a directory is reported at the value.
    /// </summary>
    private static string ResolveHardwarePath(MappingReader root, string scenarioPath)
    {
        var node = root.Required("hardware", "the path of a hardware configuration, or pass --hw");
        string relative = root.PathText("hardware");
        string resolved = Path.IsPathRooted(relative)
            ? relative
            : Path.Combine(Path.GetDirectoryName(scenarioPath) ?? "", relative);
        if (!Path.IsPathRooted(scenarioPath) && !Path.IsPathRooted(relative))
            resolved = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(resolved));
        else
            resolved = Path.GetFullPath(resolved);
        root.RequireFile("hardware", relative, resolved, "a hardware configuration file");
        return resolved;
    }
}
