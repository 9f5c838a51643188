using Onnx;
using Sim.Config;
using Sim.Golden;
using Sim.Numerics;
using Sim.Operators;
using Sim.Sfu;
using Sim.Onnx;
using Sim.Tensors;

namespace Sim.Tests.Golden;

/// <summary>
/// Runs the golden model against ONNX's node conformance suite (Debian package libonnx-testdata):
/// one test case per <c>data/node/test_*</c> directory of the operators the simulator models.
/// Each case reads the model's single node, runs the matching golden operator on
/// <c>test_data_set_0/input_*.pb</c> and compares with <c>output_*.pb</c>: integers exactly, floats
/// within rtol 1e-3, atol 1e-7; the special-function unit's functions (Exp, Sigmoid, Tanh, Erf, Reciprocal, Softmax on its exp and reciprocal, LayerNormalization on its
/// rsqrt) on its README example (256 bf16 entries, linear) within the unit's stated bound (<see cref="SfuErrorBound"/>, <see cref="SoftmaxErrorBound"/>,
/// <see cref="LayerNormErrorBound"/>) plus half an fp32 ulp of the
/// expected value (the suite's outputs are fp32 roundings). libonnx-testdata 1.12 predates Gelu (opset 20): it has no case.
/// </summary>
[TestFixture]
public class OnnxConformanceTests
{
    /// <summary>Where the suite lives; the environment variable ONNX_NODE_TESTDATA overrides it.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("ONNX_NODE_TESTDATA") is { Length: > 0 } dir ? dir : "/usr/share/libonnx-testdata/data/node";

    private static readonly string[] Prefixes =
    [
        "test_conv", "test_convinteger", "test_qlinearconv", "test_matmul", "test_matmulinteger", "test_qlinearmatmul",
        "test_gemm", "test_relu", "test_maxpool", "test_averagepool", "test_quantizelinear", "test_dequantizelinear",
        "test_exp", "test_sigmoid", "test_tanh", "test_hardsigmoid", "test_hardswish", "test_softmax", "test_layer_normalization",
        "test_add", "test_mul", "test_sub", "test_div", "test_pow", "test_sqrt", "test_reduce_mean",
        "test_erf", "test_reciprocal",
    ];

    private const string MissingSuite = "(onnx test data missing)";

    /// <summary>
    /// Cases the golden model deliberately does not support, with the reason. Every ignored case is listed
    /// here; a case that hits an unsupported feature without being listed fails.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Skips = new Dictionary<string, string>
    {
        ["test_averagepool_3d_default"] = "3-D (volumetric) pooling is not modelled: the golden pools are 2-D NCHW",
        ["test_maxpool_3d_default"] = "3-D (volumetric) pooling is not modelled: the golden pools are 2-D NCHW",
        ["test_hardswish_expanded"] = "HardSwish's function body (HardSigmoid, Mul): a graph of two nodes, not one operator; test_hardswish covers the operator",
        ["test_softmax_axis_0_expanded"] = "Softmax's function body (ReduceMax, Sub, Exp, ReduceSum, Div): a graph of five nodes, not one operator; test_softmax_axis_0 covers the operator",
        ["test_softmax_axis_1_expanded"] = "Softmax's function body (ReduceMax, Sub, Exp, ReduceSum, Div): a graph of five nodes, not one operator; test_softmax_axis_1 covers the operator",
        ["test_softmax_axis_2_expanded"] = "Softmax's function body (ReduceMax, Sub, Exp, ReduceSum, Div): a graph of five nodes, not one operator; test_softmax_axis_2 covers the operator",
        ["test_softmax_default_axis_expanded"] = "Softmax's function body (ReduceMax, Sub, Exp, ReduceSum, Div): a graph of five nodes, not one operator; test_softmax_default_axis covers the operator",
        ["test_softmax_example_expanded"] = "Softmax's function body (ReduceMax, Sub, Exp, ReduceSum, Div): a graph of five nodes, not one operator; test_softmax_example covers the operator",
        ["test_softmax_large_number_expanded"] = "Softmax's function body (ReduceMax, Sub, Exp, ReduceSum, Div): a graph of five nodes, not one operator; test_softmax_large_number covers the operator",
        ["test_softmax_negative_axis_expanded"] = "Softmax's function body (ReduceMax, Sub, Exp, ReduceSum, Div): a graph of five nodes, not one operator; test_softmax_negative_axis covers the operator",
        ["test_layer_normalization_2d_axis0_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_2d_axis1_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_2d_axis_negative_1_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_2d_axis_negative_2_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_3d_axis0_epsilon_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_3d_axis1_epsilon_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_3d_axis2_epsilon_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_3d_axis_negative_1_epsilon_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_3d_axis_negative_2_epsilon_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_3d_axis_negative_3_epsilon_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis0_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis1_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis2_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis3_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis_negative_1_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis_negative_2_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis_negative_3_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_4d_axis_negative_4_expanded"] = LayerNormExpanded,
        ["test_layer_normalization_default_axis_expanded"] = LayerNormExpanded,
        ["test_add_uint8"] = Uint8Arithmetic,
        ["test_mul_uint8"] = Uint8Arithmetic,
        ["test_sub_uint8"] = Uint8Arithmetic,
        ["test_div_uint8"] = Uint8Arithmetic,
        ["test_pow"] = PowTensorExponent,
        ["test_pow_bcast_array"] = PowTensorExponent,
        ["test_pow_example"] = PowTensorExponent,
        ["test_pow_types_float32_int32"] = PowTensorExponent,
        ["test_pow_types_float32_int64"] = PowTensorExponent,
        ["test_pow_types_float32_uint32"] = PowTensorExponent,
        ["test_pow_types_float32_uint64"] = PowTensorExponent,
        ["test_pow_types_int"] = PowTensorExponent,
        ["test_pow_types_float"] = PowIntegerBase,
        ["test_pow_types_int32_float32"] = PowIntegerBase,
        ["test_pow_types_int32_int32"] = PowIntegerBase,
        ["test_pow_types_int64_float32"] = PowIntegerBase,
        ["test_pow_types_int64_int64"] = PowIntegerBase,
    };

    private const string Uint8Arithmetic =
        "uint8 arithmetic: the vector unit's Add, Sub, Mul and Div compute in float32 or int32, not wrapping uint8";

    private const string PowTensorExponent =
        "the exponent Y is a tensor of per-element exponents; Pow supports a constant scalar exponent (an integer from -4 to 4, or 0.5)";

    private const string PowIntegerBase =
        "an integer base X (int32/int64) and a tensor exponent Y; Pow supports float32 X with a constant scalar exponent";

    private const string LayerNormExpanded =
        "LayerNormalization's function body (ReduceMean, Sub, Mul, Sqrt, Reciprocal, Add and reshapes): a graph of many nodes, not one operator; the case without _expanded covers the operator";

    /// <summary>
    /// Operators whose cases also hold optional outputs the simulator refuses, so only the first (Y) is compared:
    /// every LayerNormalization case lists Mean and InvStdDev, which skipping would leave the operator with no case at all.
    /// </summary>
    private static readonly HashSet<string> FirstOutputOnly = ["LayerNormalization"];

    private const double RelativeTolerance = 1e-3, AbsoluteTolerance = 1e-7;

    public static IEnumerable<TestCaseData> Cases()
    {
        if (!Directory.Exists(Root))
        {
            yield return new TestCaseData(MissingSuite).SetName("OnnxConformance_TestDataMissing");
            yield break;
        }
        var names = Directory.GetDirectories(Root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(IsSelected)
            .OrderBy(n => n, StringComparer.Ordinal);
        foreach (var name in names)
            yield return new TestCaseData(name).SetName(name);
    }

    private static bool IsSelected(string name) =>
        Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
        && !name.StartsWith("test_convtranspose", StringComparison.Ordinal) && !name.StartsWith("test_expand", StringComparison.Ordinal);

    [TestCaseSource(nameof(Cases))]
    public void Conformance(string name)
    {
        Assert.That(Directory.Exists(Root), Is.True,
            $"ONNX node test data not found at {Root}: install the Debian package libonnx-testdata (or set ONNX_NODE_TESTDATA)");
        if (Skips.TryGetValue(name, out var reason))
            Assert.Ignore(reason);

        var testCase = NodeCase.Load(Path.Combine(Root, name));
        var actual = Run(testCase);
        int compared = FirstOutputOnly.Contains(testCase.Node.OpType) ? 1 : testCase.Outputs.Count;
        Assert.That(actual, Has.Count.EqualTo(compared), "number of outputs");
        for (int i = 0; i < actual.Count; i++)
            Compare(actual[i], testCase.Outputs[i], $"{name} output {i}");
    }

    [Test]
    public void SuiteIsInstalledAndSkipTableIsCurrent()
    {
        Assert.That(Directory.Exists(Root), Is.True, $"ONNX node test data not found at {Root}: install libonnx-testdata");
        var present = Cases().Select(c => (string)c.Arguments[0]!).ToHashSet();
        Assert.That(present, Has.Count.GreaterThan(40), "too few conformance directories found");
        foreach (var skipped in Skips.Keys)
            Assert.That(present, Does.Contain(skipped), $"skip-table entry {skipped} matches no test directory");
    }

    /// <summary>The node, its inputs by name and the expected outputs of one conformance directory.</summary>
    private sealed class NodeCase
    {
        public required NodeProto Node;
        public required Dictionary<string, TensorProto> Inputs;
        public required List<TensorProto> Outputs;

        public static NodeCase Load(string dir)
        {
            var model = OnnxModelReader.Load(Path.Combine(dir, "model.onnx"));
            Assert.That(model.Graph.Node, Has.Count.EqualTo(1), "conformance models hold a single node");
            var data = Path.Combine(dir, "test_data_set_0");
            var inputs = new Dictionary<string, TensorProto>();
            for (int i = 0; i < model.Graph.Input.Count; i++)
                inputs[model.Graph.Input[i].Name] = TensorProtoReader.ReadFile(Path.Combine(data, $"input_{i}.pb"));
            foreach (var init in model.Graph.Initializer)
                inputs.TryAdd(init.Name, init);
            var outputs = new List<TensorProto>();
            for (int i = 0; i < model.Graph.Output.Count; i++)
                outputs.Add(TensorProtoReader.ReadFile(Path.Combine(data, $"output_{i}.pb")));
            return new NodeCase { Node = model.Graph.Node[0], Inputs = inputs, Outputs = outputs };
        }

        /// <summary>The node's input number <paramref name="index"/>, or null when omitted.</summary>
        public TensorProto? Input(int index)
        {
            if (index >= Node.Input.Count || Node.Input[index].Length == 0) return null;
            return Inputs.TryGetValue(Node.Input[index], out var t) ? t
                : throw new InvalidOperationException($"input '{Node.Input[index]}' has no data");
        }

        public TensorProto Required(int index) =>
            Input(index) ?? throw new InvalidOperationException($"{Node.OpType} input {index} is missing");

        public Tensor<float> Float(int index) => TensorProtoReader.ToFloat(Required(index));
        public Tensor<int> Int(int index) => TensorProtoReader.ToInt(Required(index));
        public float Scalar(int index) => ScalarOf(Float(index));
        public int IntScalar(int index, int defaultValue = 0) => Input(index) is null ? defaultValue : ScalarOf(Int(index));

        /// <summary>The quantized type of an int8/uint8 input (uint8 when absent, the ONNX default).</summary>
        public QuantizedType TypeOf(int index) => Input(index) is { } t ? QuantizedTypeOf(t) : QuantizedType.UInt8;
    }

    private static T ScalarOf<T>(Tensor<T> t) where T : unmanaged
    {
        if (t.Length != 1) throw new NotSupportedException($"expected a scalar, got shape {t.ShapeText}");
        return t.Data[0];
    }

    private static QuantizedType QuantizedTypeOf(TensorProto t) => TensorProtoReader.ElementType(t) switch
    {
        OnnxElementType.Int8 => QuantizedType.Int8,
        OnnxElementType.UInt8 => QuantizedType.UInt8,
        var other => throw new NotSupportedException($"quantized type {other} is not int8/uint8"),
    };

    private abstract record Result;
    private sealed record FloatResult(Tensor<float> Value) : Result;
    private sealed record IntResult(Tensor<int> Value) : Result;
    /// <summary>A float result allowed <see cref="Allowed"/>(i) from the expected value at i.</summary>
    private sealed record BoundedResult(Tensor<float> Value, Func<int, double> Allowed) : Result;

    private static List<Result> Run(NodeCase c)
    {
        var n = c.Node;
        switch (n.OpType)
        {
            case "Conv":
            {
                var x = c.Float(0); var w = c.Float(1);
                var bias = c.Input(2) is null ? null : c.Float(2);
                return [new FloatResult(Ops.Conv2D(x, w, bias, ConvAttributesOf(n, x.Shape, w.Shape)))];
            }
            case "ConvInteger":
            {
                var x = c.Int(0); var w = c.Int(1);
                int[] wZps = c.Input(3) is null ? [0] : c.Int(3).Data;
                return [new IntResult(Ops.ConvInteger(x, c.IntScalar(2), w, wZps, ConvAttributesOf(n, x.Shape, w.Shape)))];
            }
            case "QLinearConv":
            {
                var x = c.Int(0); var w = c.Int(3);
                var bias = c.Input(8) is null ? null : c.Int(8);
                var y = Ops.QLinearConv(x, c.Scalar(1), c.IntScalar(2), w, c.Float(4).Data, c.Int(5).Data,
                    c.Scalar(6), c.IntScalar(7), bias, ConvAttributesOf(n, x.Shape, w.Shape), c.TypeOf(7));
                return [new IntResult(y)];
            }
            case "MatMul":
                return [new FloatResult(Ops.MatMul(c.Float(0), c.Float(1)))];
            case "MatMulInteger":
                return [new IntResult(Ops.MatMulInteger(c.Int(0), c.IntScalar(2), c.Int(1), c.Input(3) is null ? [0] : c.Int(3).Data))];
            case "QLinearMatMul":
                return [new IntResult(Ops.QLinearMatMul(c.Int(0), c.Scalar(1), c.IntScalar(2), c.Int(3), c.Float(4).Data, c.Int(5).Data,
                    c.Scalar(6), c.IntScalar(7), c.TypeOf(7)))];
            case "Gemm":
                return [new FloatResult(Ops.Gemm(c.Float(0), c.Float(1), c.Input(2) is null ? null : c.Float(2),
                    NodeAttributes.GetFloat(n, "alpha", 1f), NodeAttributes.GetFloat(n, "beta", 1f),
                    NodeAttributes.GetInt(n, "transA", 0) != 0, NodeAttributes.GetInt(n, "transB", 0) != 0))];
            case "Relu":
                return [new FloatResult(Ops.Relu(c.Float(0)))];
            case "Exp":
                return [OnSfu(SfuFunction.Exp, c.Float(0))];
            case "Sigmoid":
                return [OnSfu(SfuFunction.Sigmoid, c.Float(0))];
            case "Tanh":
                return [OnSfu(SfuFunction.Tanh, c.Float(0))];
            case "Erf":
                return [OnSfu(SfuFunction.Erf, c.Float(0))];
            case "Reciprocal":
                return [OnSfu(SfuFunction.Reciprocal, c.Float(0))];
            case "Softmax":
                return [OnSfuSoftmax(c.Float(0), (int)NodeAttributes.GetInt(n, "axis", -1))];
            case "LayerNormalization":
                return [OnSfuLayerNorm(c.Float(0), c.Float(1), c.Input(2) is null ? null : c.Float(2),
                    (int)NodeAttributes.GetInt(n, "axis", -1), NodeAttributes.GetFloat(n, "epsilon", 1e-5f))];
            case "HardSigmoid":
                return [new FloatResult(Ops.HardSigmoid(c.Float(0), NodeAttributes.GetFloat(n, "alpha", 0.2f), NodeAttributes.GetFloat(n, "beta", 0.5f)))];
            case "HardSwish":
                return [new FloatResult(Ops.HardSwish(c.Float(0)))];
            case "Add":
            case "Mul":
            case "Sub":
            case "Div":
                return [RunArithmetic(c)];
            case "Sqrt":
                return [new FloatResult(Ops.Sqrt(c.Float(0)))];
            case "Pow":
            {
                float exponent = c.Scalar(1);
                if (exponent == 0.5f) return [new FloatResult(Ops.Sqrt(c.Float(0)))];
                if (exponent != MathF.Round(exponent) || Math.Abs(exponent) > PowOperator.MaxFactors)
                    throw new NotSupportedException($"Pow exponent {exponent} is not supported; add the case to the skip table");
                return [new FloatResult(Ops.Pow(c.Float(0), (int)exponent))];
            }
            case "ReduceMean":
                return [new FloatResult(RunReduceMean(c))];
            case "MaxPool":
            case "AveragePool":
                return RunPool(c);
            case "QuantizeLinear":
            {
                var zp = c.Input(2) is null ? null : c.Int(2);
                int axis = (int)NodeAttributes.GetInt(n, "axis", 1);
                return [new IntResult(Ops.QuantizeLinear(c.Float(0), c.Float(1), zp, c.TypeOf(2), axis))];
            }
            case "DequantizeLinear":
            {
                var zp = c.Input(2) is null ? null : c.Int(2);
                int axis = (int)NodeAttributes.GetInt(n, "axis", 1);
                return [new FloatResult(Ops.DequantizeLinear(c.Int(0), c.Float(1), zp, axis))];
            }
            default:
                throw new NotSupportedException($"operator {n.OpType} has no golden model");
        }
    }

    /// <summary>The golden model of an SFU function on the README's example SFU, with its stated bound at each input.</summary>
    private static BoundedResult OnSfu(SfuFunction function, Tensor<float> x)
    {
        var sfu = new SfuConfig(16, 256, SfuInterpolation.Linear, ElementFormat.Bf16, [function]);
        var kernel = SpecialFunctionUnit.Kernel(function);
        var bound = new SfuErrorBound(kernel, sfu);
        return new BoundedResult(Ops.SpecialFunction(function, false, sfu, x), i => bound.Allowed(x.Data[i], kernel.Reference(x.Data[i])));
    }

    /// <summary>Softmax as hardware with the README's example SFU (exp and reciprocal) runs it, with its stated bound (<see cref="SoftmaxErrorBound"/>).</summary>
    private static BoundedResult OnSfuSoftmax(Tensor<float> x, int axis)
    {
        var sfu = new SfuConfig(16, 256, SfuInterpolation.Linear, ElementFormat.Bf16, [SfuFunction.Exp, SfuFunction.Reciprocal]);
        if (axis < 0) axis += x.Rank;
        var allowed = new SoftmaxErrorBound(sfu).Allowed(x, axis);
        return new BoundedResult(Ops.SoftmaxOnSfu(x, axis, sfu), i => allowed[i]);
    }

    /// <summary>LayerNormalization as hardware with the README's example SFU (rsqrt) runs it, with its stated bound (<see cref="LayerNormErrorBound"/>).</summary>
    private static BoundedResult OnSfuLayerNorm(Tensor<float> x, Tensor<float> scale, Tensor<float>? bias, int axis, float epsilon)
    {
        var sfu = new SfuConfig(16, 256, SfuInterpolation.Linear, ElementFormat.Bf16, [SfuFunction.Rsqrt]);
        Assert.That(scale.Shape, Is.EqualTo(x.Shape[(axis < 0 ? axis + x.Rank : axis)..]), "Scale has the normalised dimensions' shape");
        var allowed = new LayerNormErrorBound(sfu).Allowed(x, scale, bias, epsilon);
        return new BoundedResult(Ops.LayerNormOnSfu(x, scale, bias, epsilon, sfu), i => allowed[i]);
    }

    /// <summary>Add, Mul, Sub or Div on float32 or int32 operands (the uint8 cases are in the skip table).</summary>
    private static Result RunArithmetic(NodeCase c)
    {
        if (!TensorProtoReader.IsInteger(TensorProtoReader.ElementType(c.Required(0))))
        {
            Func<Tensor<float>, Tensor<float>, Tensor<float>> f = c.Node.OpType switch { "Add" => Ops.Add, "Mul" => Ops.Mul, "Sub" => Ops.Sub, _ => Ops.Div };
            return new FloatResult(f(c.Float(0), c.Float(1)));
        }
        Func<Tensor<int>, Tensor<int>, Tensor<int>> g = c.Node.OpType switch { "Add" => Ops.Add, "Mul" => Ops.Mul, "Sub" => Ops.Sub, _ => Ops.Div };
        return new IntResult(g(c.Int(0), c.Int(1)));
    }

    /// <summary>ReduceMean with its axes as the attribute (opset 13) or the second input (opset 18); none: every axis, or none under noop_with_empty_axes.</summary>
    private static Tensor<float> RunReduceMean(NodeCase c)
    {
        var x = c.Float(0);
        var n = c.Node;
        int[] axes = NodeAttributes.GetInts(n, "axes") ?? (c.Input(1) is null ? [] : c.Int(1).Data);
        if (axes.Length == 0 && NodeAttributes.GetInt(n, "noop_with_empty_axes", 0) == 0)
            axes = Enumerable.Range(0, x.Rank).ToArray();
        axes = axes.Select(a => a < 0 ? a + x.Rank : a).ToArray();
        return Ops.ReduceMean(x, axes, NodeAttributes.GetInt(n, "keepdims", 1) != 0);
    }

    private static List<Result> RunPool(NodeCase c)
    {
        var n = c.Node;
        var input = c.Required(0);
        var shape = TensorProtoReader.Shape(input);
        var kernel = NodeAttributes.GetInts(n, "kernel_shape") ?? throw new InvalidOperationException("kernel_shape missing");
        int spatial = shape.Length - 2;
        if (spatial is not (1 or 2) || kernel.Length != spatial)
            throw new NotSupportedException($"{spatial}-D pooling is not modelled; add the case to the skip table");
        // A 1-D pool over [N, C, L] is the 2-D pool over [N, C, 1, L] with a 1 x k kernel.
        int[] Expand(int[]? v, int fill) => v is null ? [] : spatial == 1 ? (v.Length == 2 ? [0, v[0], 0, v[1]] : [fill, v[0]]) : v;
        var k = Expand(kernel, 1);
        var strides = Expand(NodeAttributes.GetInts(n, "strides"), 1) is { Length: 2 } s ? s : [1, 1];
        var dilations = Expand(NodeAttributes.GetInts(n, "dilations"), 1) is { Length: 2 } d ? d : [1, 1];
        var pads = Expand(NodeAttributes.GetInts(n, "pads"), 0) is { Length: 4 } p ? p : [0, 0, 0, 0];
        var shape4 = spatial == 1 ? new[] { shape[0], shape[1], 1, shape[2] } : shape;
        var autoPad = Padding.ParseAutoPad(NodeAttributes.GetString(n, "auto_pad", "NOTSET"));
        var (top, bottom) = Padding.Resolve(autoPad, shape4[2], k[0], strides[0], dilations[0], (pads[0], pads[2]));
        var (left, right) = Padding.Resolve(autoPad, shape4[3], k[1], strides[1], dilations[1], (pads[1], pads[3]));
        var a = new PoolAttributes(k[0], k[1], strides[0], strides[1], top, left, bottom, right, dilations[0], dilations[1],
            CeilMode: NodeAttributes.GetInt(n, "ceil_mode", 0) != 0,
            CountIncludePad: NodeAttributes.GetInt(n, "count_include_pad", 0) != 0);

        bool isInt = TensorProtoReader.IsInteger(TensorProtoReader.ElementType(input));
        Tensor<int> IntIn() { var t = TensorProtoReader.ToInt(input); return new Tensor<int>(shape4, t.Data); }
        Tensor<float> FloatIn() { var t = TensorProtoReader.ToFloat(input); return new Tensor<float>(shape4, t.Data); }
        // Results go back to the input's rank (drop the dummy H = 1 of a 1-D pool).
        Tensor<T> Back<T>(Tensor<T> t) where T : unmanaged =>
            spatial == 1 ? new Tensor<T>([t.Shape[0], t.Shape[1], t.Shape[3]], t.Data) : t;

        if (n.OpType == "AveragePool")
            return [isInt ? new IntResult(Back(Ops.AveragePool(IntIn(), a))) : new FloatResult(Back(Ops.AveragePool(FloatIn(), a)))];
        if (isInt)
            return [new IntResult(Back(Ops.MaxPool(IntIn(), a)))];
        bool columnMajor = NodeAttributes.GetInt(n, "storage_order", 0) != 0;
        var (y, indices) = Ops.MaxPoolWithIndices(FloatIn(), a, columnMajor);
        var results = new List<Result> { new FloatResult(Back(y)) };
        if (n.Output.Count > 1 && n.Output[1].Length > 0)
            results.Add(new IntResult(Back(indices)));
        return results;
    }

    private static ConvAttributes ConvAttributesOf(NodeProto n, int[] xShape, int[] wShape)
    {
        if (xShape.Length != 4)
            throw new NotSupportedException($"{xShape.Length - 2}-D convolution is not modelled; add the case to the skip table");
        var strides = NodeAttributes.GetInts(n, "strides") ?? [1, 1];
        var dilations = NodeAttributes.GetInts(n, "dilations") ?? [1, 1];
        var pads = NodeAttributes.GetInts(n, "pads") ?? [0, 0, 0, 0];
        var autoPad = Padding.ParseAutoPad(NodeAttributes.GetString(n, "auto_pad", "NOTSET"));
        var (top, bottom) = Padding.Resolve(autoPad, xShape[2], wShape[2], strides[0], dilations[0], (pads[0], pads[2]));
        var (left, right) = Padding.Resolve(autoPad, xShape[3], wShape[3], strides[1], dilations[1], (pads[1], pads[3]));
        return new ConvAttributes(strides[0], strides[1], top, left, bottom, right, dilations[0], dilations[1],
            (int)NodeAttributes.GetInt(n, "group", 1));
    }

    private static void Compare(Result actual, TensorProto expectedProto, string what)
    {
        switch (actual)
        {
            case IntResult(var got):
            {
                var expected = TensorProtoReader.ToInt(expectedProto);
                Assert.That(got.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
                int diff = got.FirstDifference(expected);
                Assert.That(diff, Is.EqualTo(-1),
                    diff < 0 ? what : $"{what}: first difference at {expected.IndexText(diff)}: got {got.Data[diff]}, expected {expected.Data[diff]}");
                break;
            }
            case BoundedResult(var got, var allowed):
            {
                var expected = TensorProtoReader.ToFloat(expectedProto);
                Assert.That(got.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
                for (int i = 0; i < got.Length; i++)
                {
                    double e = expected.Data[i], g = got.Data[i], limit = allowed(i) + Math.Abs(e) * FloatCheck.Unit;
                    if (!(Math.Abs(g - e) <= limit) && !e.Equals(g))
                        Assert.Fail($"{what}: at {expected.IndexText(i)} got {g}, expected {e} (allowed {limit:G3})");
                }
                break;
            }
            case FloatResult(var got):
            {
                var expected = TensorProtoReader.ToFloat(expectedProto);
                Assert.That(got.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
                for (int i = 0; i < got.Length; i++)
                {
                    double e = expected.Data[i], g = got.Data[i];
                    if (Math.Abs(g - e) > AbsoluteTolerance + RelativeTolerance * Math.Abs(e))
                        Assert.Fail($"{what}: at {expected.IndexText(i)} got {g}, expected {e}");
                }
                break;
            }
        }
    }
}
