using Sim.Numerics;
using Sim.PeArray;
using Sim.Sfu;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Parses and checks one entry of a scenario's <c>layers:</c> list. Shapes are NCHW. Every size is
/// positive and within <see cref="ConfigBounds"/>; every tensor a layer reads or writes has at most
/// 2^31 - 1 elements; a declared <c>output</c> must equal the computed one.
/// </summary>
internal static class LayerParser
{
    private enum LayerType { Conv2D, Depthwise, Gemm, Relu, Clip, MaxPool, AvgPool, Add, Function }

    private static readonly IReadOnlyList<(string Name, LayerType Value)> Types =
    [
        ("conv2d", LayerType.Conv2D), ("depthwise", LayerType.Depthwise), ("gemm", LayerType.Gemm),
        ("matmul", LayerType.Gemm), ("relu", LayerType.Relu), ("clip", LayerType.Clip), ("maxpool", LayerType.MaxPool), ("avgpool", LayerType.AvgPool),
        ("add", LayerType.Add), .. FunctionLayer.Functions.Select(f => (f.Function, LayerType.Function)),
    ];

    private static string[] KeysOf(LayerType type) => type switch
    {
        LayerType.Conv2D => ["name", "type", "input", "out_channels", "kernel", "stride", "padding", "dilation", "groups", "output", .. PeArrayKeys, .. GraphKeys],
        LayerType.Depthwise => ["name", "type", "input", "kernel", "stride", "padding", "dilation", "channel_multiplier", "output", .. PeArrayKeys, .. GraphKeys],
        LayerType.Gemm => ["name", "type", "m", "k", "n", .. PeArrayKeys, .. GraphKeys],
        LayerType.Relu or LayerType.Add or LayerType.Function => ["name", "type", "input", .. GraphKeys],
        LayerType.Clip => ["name", "type", "input", "min", "max", .. GraphKeys],
        _ => ["name", "type", "input", "kernel", "stride", "padding", "output", .. GraphKeys],
    };

    /// <summary>Keys every layer may carry: the layers whose outputs it reads, and whether it may fuse into the layer before it.</summary>
    private static readonly string[] GraphKeys = ["inputs", "fuse"];

    /// <summary>Keys every PE-array layer (conv2d, depthwise, gemm) may carry besides its shape.</summary>
    private static readonly string[] PeArrayKeys = ["format", "activation_density", "weight_density", "weight_pruning", "mapping"];

    private static readonly string[] MappingKeys = ["stationary", "order", "mt"];

    private static readonly (string, WeightPruning)[] Prunings = [("none", WeightPruning.None), ("2_4", WeightPruning.TwoOfFour)];

    private static readonly string[] FormatKeys = ["operands", "accumulator", "output"];

    private const string Nchw = "[N, C, H, W]";
    private const string PairForm = "[h, w]";
    private const string PaddingForm = "[top, left, bottom, right] or [h, w] or a single value";

    /// <summary><c>mapping: { stationary: weights | activations, order: g>n>m>k | g>m>n>k, mt: N }</c>, any of them.</summary>
    private static MappingChoice Mapping(MappingReader m)
    {
        m.RejectUnknownKeys(MappingKeys);
        return new MappingChoice(
            m.Has("stationary") ? m.Choice("stationary", MappingChoice.Stationary) : null,
            m.Has("order") ? m.Choice("order", LoopOrders.All) : null,
            m.Has("mt") ? m.Int("mt", 1, int.MaxValue) : null);
    }

    /// <summary>Parses the layer at <paramref name="index"/> of the list.</summary>
    /// <param name="hardware">When given, a <c>format:</c> override is checked against it (accumulator and
    /// output kinds, scratchpad room for the wider operands).</param>
    public static LayerSpec Parse(string file, int index, YamlNode node, HardwareConfig? hardware = null)
    {
        var layer = MappingReader.Of(file, $"layers[{index}]", node, node.Start);
        string typeNames = string.Join(", ", Types.Select(t => t.Name));
        // The other keys depend on the type, so a misspelled 'type' key would otherwise read as a missing one.
        if (!layer.Has("type") && layer.Keys.FirstOrDefault(k => NearestName.Find(k, ["type"]) is not null) is { } typo)
            throw layer.ErrorAt(layer.KeyNode(typo),
                $"unknown key '{Excerpt.Of(typo)}' in {layer.Path}; did you mean 'type'? (the layer's type: one of {typeNames})");
        var typeNode = layer.Required("type", "one of: " + typeNames);
        var type = ValueReader.Choice(file, layer.PathOf("type"), typeNode, Types);
        string typeName = ((YamlScalarNode)typeNode).Value!;
        layer.RejectUnknownKeys(KeysOf(type), $"in {layer.Path} ({typeName} layer)");
        string name = layer.Text("name");
        LayerSpec spec = type switch
        {
            LayerType.Conv2D or LayerType.Depthwise => Convolution(layer, name, type == LayerType.Depthwise),
            LayerType.Gemm => Gemm(layer, name),
            LayerType.Relu => new ReluLayer(name, AnyShape(layer)),
            LayerType.Add => new AddLayer(name, AnyShape(layer)),
            LayerType.Clip => Clip(layer, name),
            LayerType.Function => Function(layer, new FunctionLayer(name, typeName, AnyShape(layer)), hardware),
            _ => Pool(layer, name, type == LayerType.MaxPool ? PoolKind.Max : PoolKind.Average),
        };
        CheckCost(layer, spec);
        if (layer.Has("format"))
            spec = spec with { Format = FormatOverride(layer, hardware) };
        if (layer.Has("activation_density") || layer.Has("weight_density") || layer.Has("weight_pruning"))
            spec = spec with
            {
                Data = new LayerData(
                    layer.Has("activation_density") ? layer.Number("activation_density", 0, 1, minExclusive: true) : null,
                    layer.Has("weight_density") ? layer.Number("weight_density", 0, 1, minExclusive: true) : null,
                    layer.Has("weight_pruning") ? layer.Choice("weight_pruning", Prunings) : WeightPruning.None),
            };
        if (layer.Has("mapping"))
            spec = spec with { Mapping = Mapping(layer.Mapping("mapping")) };
        if (layer.Has("inputs"))
            spec = spec with { Inputs = Inputs(layer, type == LayerType.Add ? 2 : 1) };
        else if (type == LayerType.Add)
            throw layer.MissingError("'inputs'", "the two layers whose outputs it adds, e.g. inputs: [res2a_1x1b, res2a_proj]");
        if (layer.Has("fuse"))
            spec = spec with { Fuse = layer.Choice("fuse", HardwareLoader.Flags) };
        return spec;
    }

    /// <summary>
    /// A float function layer, checked against the hardware: its activations are in the hardware's number format, which must
    /// be a float one, and the special-function unit must hold the tables it needs.
    /// </summary>
    private static FunctionLayer Function(MappingReader layer, FunctionLayer spec, HardwareConfig? hw)
    {
        if (hw is null) return spec;
        string where = $"{layer.PathOf("type")}: {spec.Function}";
        if (!hw.NumberFormat.Info().IsFloat)
            throw layer.ErrorAt(layer.Required("type"),
                $"{where} layers read and write float activations, and hardware '{hw.Name}' has number_format {hw.NumberFormat.Name()}; " +
                "use a float format (bf16, fp16, fp8_e4m3, fp8_e5m2), or an ONNX model for an integer network");
        foreach (var table in spec.Tables)
            if (hw.Sfu?.Functions.Contains(table) != true)
                throw layer.ErrorAt(layer.Required("type"), hw.Sfu is null
                    ? $"{where} runs on the special-function unit, and hardware '{hw.Name}' has none (add an sfu: section with {table.Name()} among its functions)"
                    : $"{where} needs the special-function unit's {table.Name()} table, and hardware '{hw.Name}' lists only: {string.Join(", ", hw.Sfu.Functions.Select(f => f.Name()))}");
        return spec;
    }

    /// <summary><c>inputs: [a, b]</c>: names of earlier layers (checked against the list by the scenario loader).</summary>
    private static IReadOnlyList<string> Inputs(MappingReader layer, int count)
    {
        var node = layer.Required("inputs");
        string form = count == 1 ? "a list of one layer name" : $"a list of {count} layer names";
        if (node is not YamlSequenceNode list || list.Children.Count != count)
            throw layer.ErrorAt(node, $"{layer.PathOf("inputs")}: expected {form}, got {YamlValues.Describe(node)}");
        return list.Children.Select((n, i) => ValueReader.Text(layer.File, $"{layer.PathOf("inputs")}[{i}]", n)).ToArray();
    }

    /// <summary>
    /// <c>format: fp8_e4m3</c> (the operand format) or <c>format: {operands: bf16, accumulator: fp32, output: bf16}</c>,
    /// every part optional. Accumulator and output must be of the operands' kind (integer or float).
    /// </summary>
    private static LayerFormatOverride FormatOverride(MappingReader layer, HardwareConfig? hw)
    {
        var node = layer.Required("format");
        LayerFormatOverride result;
        if (node is YamlScalarNode)
        {
            result = new LayerFormatOverride(layer.Choice("format", HardwareLoader.NumberFormats), null, null);
        }
        else
        {
            var f = layer.Mapping("format");
            f.RejectUnknownKeys(FormatKeys);
            ElementFormat? operands = f.Has("operands") ? f.Choice("operands", HardwareLoader.NumberFormats) : null;
            var effective = operands ?? hw?.NumberFormat;
            ElementFormat? accumulator = null, output = null;
            if (f.Has("accumulator"))
                accumulator = effective is { } o
                    ? HardwareLoader.AccumulatorChoice(f, "accumulator", o, operands is null ? "the hardware's number_format" : f.PathOf("operands"))
                    : f.Choice("accumulator", PeDatapath.OperandFormats.SelectMany(PeDatapath.AccumulatorsFor).Distinct().Select(x => (x.Name(), x)).ToArray());
            if (f.Has("output"))
            {
                output = f.Choice("output", HardwareLoader.NumberFormats);
                if (effective is { } o && o.Info().IsFloat != output.Value.Info().IsFloat)
                    throw f.ErrorAt(f.Required("output"),
                        $"{f.PathOf("output")}: {(o.Info().IsFloat ? "a float" : "an integer")} layer ({o.Name()} operands) cannot write {output.Value.Name()} outputs; " +
                        $"expected one of: {string.Join(", ", LayerFormat.OutputsFor(o).Select(x => x.Name()))}");
            }
            result = new LayerFormatOverride(operands, accumulator, output);
        }
        if (hw is not null)
        {
            var resolved = result.Resolve(hw);
            var need = ScratchpadRequirements.Minimum(hw.PeArray, resolved.Operands, resolved.Accumulator);
            var pads = hw.Scratchpads;
            if (pads.Input.CapacityBytes < need.InputBytes || pads.Weight.CapacityBytes < need.WeightBytes || pads.Output.CapacityBytes < need.OutputBytes)
                throw layer.ErrorAt(node,
                    $"{layer.PathOf("format")}: {resolved} needs scratchpads of at least {need.InputBytes}/{need.WeightBytes}/{need.OutputBytes} bytes " +
                    $"(input/weight/output), hardware '{hw.Name}' has {pads.Input.CapacityBytes}/{pads.Weight.CapacityBytes}/{pads.Output.CapacityBytes}");
        }
        return result;
    }

    private static Conv2DLayer Convolution(MappingReader layer, string name, bool depthwise)
    {
        var inputNode = layer.Required("input");
        int[] input = Shape4(layer, "input");
        CheckElements(layer, inputNode, "input", input);
        int channels = input[1];

        int outChannels, groups;
        YamlNode outChannelsNode;
        if (depthwise)
        {
            int multiplier = layer.OptionalInt("channel_multiplier", 1, ConfigBounds.MaxChannelMultiplier, 1);
            outChannelsNode = layer.Optional("channel_multiplier") ?? inputNode;
            groups = channels;
            if ((long)channels * multiplier > ConfigBounds.MaxDimension)
                throw layer.ErrorAt(outChannelsNode,
                    $"{layer.PathOf("channel_multiplier")}: {channels} channels x multiplier {multiplier} is more than {ConfigBounds.MaxDimension} output channels (sanity bound)");
            outChannels = channels * multiplier;
        }
        else
        {
            outChannels = layer.Int("out_channels", 1, ConfigBounds.MaxDimension);
            outChannelsNode = layer.Required("out_channels");
            groups = layer.OptionalInt("groups", 1, ConfigBounds.MaxDimension, 1);
            if (layer.Optional("groups") is { } groupsNode)
            {
                if (channels % groups != 0)
                    throw layer.ErrorAt(groupsNode,
                        $"{layer.PathOf("groups")}: the {channels} input channels (input[1]) are not divisible by groups {groups}");
                if (outChannels % groups != 0)
                    throw layer.ErrorAt(groupsNode,
                        $"{layer.PathOf("groups")}: out_channels {outChannels} is not divisible by groups {groups}");
            }
        }

        var kernelNode = layer.Required("kernel");
        int[] kernel = Pair(layer, "kernel", 1);
        int[] stride = OptionalPair(layer, "stride", 1);
        int[] dilation = OptionalPair(layer, "dilation", 1);
        var padding = ReadPadding(layer);

        long outH = OutputExtent(input[2], padding.Top, padding.Bottom, kernel[0], stride[0], dilation[0]);
        long outW = OutputExtent(input[3], padding.Left, padding.Right, kernel[1], stride[1], dilation[1]);
        if (outH < 1 || outW < 1)
        {
            long extentH = (long)dilation[0] * (kernel[0] - 1) + 1, extentW = (long)dilation[1] * (kernel[1] - 1) + 1;
            throw layer.ErrorAt(kernelNode,
                $"{layer.PathOf("kernel")}: the {kernel[0]} x {kernel[1]} kernel (dilated extent {extentH} x {extentW}) is larger than " +
                $"the padded input {(long)input[2] + padding.Top + padding.Bottom} x {(long)input[3] + padding.Left + padding.Right}, so the output would be empty");
        }

        int inPerGroup = channels / groups;
        CheckElements(layer, kernelNode, "weight",
            [outChannels, inPerGroup, kernel[0], kernel[1]], layer.PathOf("kernel"));
        long[] output = [input[0], outChannels, outH, outW];
        CheckElements(layer, outChannelsNode, "output", output, layer.Path);
        CheckDeclaredOutput(layer, output);

        return new Conv2DLayer(name, input[0], channels, input[2], input[3], outChannels,
            kernel[0], kernel[1], stride[0], stride[1], padding, dilation[0], dilation[1], groups);
    }

    private static GemmLayer Gemm(MappingReader layer, string name)
    {
        int m = layer.Int("m", 1, ConfigBounds.MaxDimension);
        int k = layer.Int("k", 1, ConfigBounds.MaxDimension);
        int n = layer.Int("n", 1, ConfigBounds.MaxDimension);
        CheckElements(layer, layer.Required("k"), "A [m, k]", [m, k], layer.Path);
        CheckElements(layer, layer.Required("n"), "B [k, n]", [k, n], layer.Path);
        CheckElements(layer, layer.Required("n"), "Y [m, n]", [m, n], layer.Path);
        return new GemmLayer(name, m, k, n);
    }

    /// <summary><c>min</c> and <c>max</c>: int8 bounds, min at most max.</summary>
    private static ClipLayer Clip(MappingReader layer, string name)
    {
        var shape = AnyShape(layer);
        int min = layer.Int("min", sbyte.MinValue, sbyte.MaxValue), max = layer.Int("max", sbyte.MinValue, sbyte.MaxValue);
        if (min > max)
            throw layer.ErrorAt(layer.Required("max"), $"{layer.PathOf("max")}: expected at least min ({min}), got {max}");
        return new ClipLayer(name, shape, min, max);
    }

    /// <summary>An element-wise layer's <c>input:</c> shape: 1 to 8 positive sizes.</summary>
    private static int[] AnyShape(MappingReader layer)
    {
        var node = layer.Required("input");
        if (node is not YamlSequenceNode || ((YamlSequenceNode)node).Children.Count is 0 or > ConfigBounds.MaxRank)
            throw layer.ErrorAt(node, $"{layer.PathOf("input")}: expected a list of 1 to {ConfigBounds.MaxRank} positive integers " +
                $"(a shape such as [N, C, H, W]), got {YamlValues.Describe(node)}");
        int[] counts = Enumerable.Range(1, ConfigBounds.MaxRank).ToArray();
        int[] shape = ValueReader.IntList(layer.File, layer.PathOf("input"), node, counts, "", 1, ConfigBounds.MaxDimension);
        CheckElements(layer, node, "input", shape);
        return shape;
    }

    private static PoolLayer Pool(MappingReader layer, string name, PoolKind kind)
    {
        var inputNode = layer.Required("input");
        int[] input = Shape4(layer, "input");
        CheckElements(layer, inputNode, "input", input);
        var kernelNode = layer.Required("kernel");
        int[] kernel = Pair(layer, "kernel", 1);
        int[] stride = OptionalPair(layer, "stride", 1);
        var padding = ReadPadding(layer);
        if (layer.Optional("padding") is { } padNode
            && (padding.Top >= kernel[0] || padding.Bottom >= kernel[0] || padding.Left >= kernel[1] || padding.Right >= kernel[1]))
            throw layer.ErrorAt(padNode,
                $"{layer.PathOf("padding")}: each padding must be smaller than the {kernel[0]} x {kernel[1]} kernel (a window would lie wholly in the padding)");

        long outH = OutputExtent(input[2], padding.Top, padding.Bottom, kernel[0], stride[0], 1);
        long outW = OutputExtent(input[3], padding.Left, padding.Right, kernel[1], stride[1], 1);
        if (outH < 1 || outW < 1)
            throw layer.ErrorAt(kernelNode,
                $"{layer.PathOf("kernel")}: the {kernel[0]} x {kernel[1]} window is larger than the padded input " +
                $"{(long)input[2] + padding.Top + padding.Bottom} x {(long)input[3] + padding.Left + padding.Right}, so the output would be empty");
        CheckDeclaredOutput(layer, [input[0], input[1], outH, outW]);
        return new PoolLayer(name, kind, input[0], input[1], input[2], input[3], kernel[0], kernel[1], stride[0], stride[1], padding);
    }

    /// <summary>(in + pads - dilated kernel extent) / stride + 1, in long; below 1 when the kernel does not fit.</summary>
    private static long OutputExtent(int input, int padBefore, int padAfter, int kernel, int stride, int dilation)
    {
        long padded = (long)input + padBefore + padAfter;
        long extent = (long)dilation * (kernel - 1) + 1;
        return padded < extent ? 0 : (padded - extent) / stride + 1;
    }

    private static int[] Shape4(MappingReader layer, string key) =>
        ValueReader.IntList(layer.File, layer.PathOf(key), layer.Required(key), [4], Nchw, 1, ConfigBounds.MaxDimension);

    /// <summary>[h, w], or one value for both.</summary>
    private static int[] Pair(MappingReader layer, string key, int min)
    {
        int[] v = ValueReader.IntList(layer.File, layer.PathOf(key), layer.Required(key), [1, 2], PairForm, min, ConfigBounds.MaxWindowParameter);
        return v.Length == 1 ? [v[0], v[0]] : v;
    }

    private static int[] OptionalPair(MappingReader layer, string key, int fallback) =>
        layer.Has(key) ? Pair(layer, key, 1) : [fallback, fallback];

    private static Padding2D ReadPadding(MappingReader layer)
    {
        if (layer.Optional("padding") is not { } node)
            return Padding2D.None;
        int[] p = ValueReader.IntList(layer.File, layer.PathOf("padding"), node, [1, 2, 4], PaddingForm, 0, ConfigBounds.MaxWindowParameter);
        return p.Length switch
        {
            1 => new Padding2D(p[0], p[0], p[0], p[0]),
            2 => new Padding2D(p[0], p[1], p[0], p[1]),
            _ => new Padding2D(p[0], p[1], p[2], p[3]),
        };
    }

    private static void CheckDeclaredOutput(MappingReader layer, long[] computed)
    {
        if (layer.Optional("output") is not { } node)
            return;
        int[] declared = ValueReader.IntList(layer.File, layer.PathOf("output"), node, [4], Nchw, 1, ConfigBounds.MaxDimension);
        if (!declared.Select(d => (long)d).SequenceEqual(computed))
            throw layer.ErrorAt(node,
                $"{layer.PathOf("output")}: declared [{string.Join(", ", declared)}] but the layer computes [{string.Join(", ", computed)}]");
    }

    private static void CheckCost(MappingReader layer, LayerSpec spec)
    {
        if (LayerLimits.Cost(spec) is { } problem)
            throw layer.ErrorAt(layer.Node, $"{layer.Path}: {problem}");
    }

    private static void CheckElements(MappingReader layer, YamlNode at, string what, int[] shape, string? path = null) =>
        CheckElements(layer, at, what, shape.Select(d => (long)d).ToArray(), path ?? layer.PathOf(what));

    private static void CheckElements(MappingReader layer, YamlNode at, string what, long[] shape, string path)
    {
        if (LayerLimits.Tensor(what, shape) is { } problem)
            throw layer.ErrorAt(at, $"{path}: {problem}");
    }
}
