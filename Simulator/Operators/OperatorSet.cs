using Sim.Accelerator;
using Sim.Config;
using Sim.Graph;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// The one set of operators that every lowering goes through: scenario layers, ONNX nodes and the networks Sim
/// builds itself. Each operator is one line here. ONNX nodes find theirs by op type (default domain) and
/// scenario layers by the type of their layer record; an operator that has both facets answers both. The
/// order of the lines is the order in which an unsupported node's error lists the supported operators.
/// </summary>
internal static class OperatorSet
{
    private static readonly IOperator[] All =
    [
        new ConvOperator(),
        new GemmOperator(),
        new MatMulOperator(),
        new QLinearConvOperator(),
        new QLinearMatMulOperator(),
        new ConvIntegerOperator(),
        new MatMulIntegerOperator(),
        new ReluOperator(),
        new ClipOperator(),
        new PoolOperator(),
        new GlobalAveragePoolOperator(),
        new AddOperator(),
        BroadcastOperator.Sub,
        BroadcastOperator.Mul,
        BroadcastOperator.Div,
        new PowOperator(),
        new SqrtOperator(),
        new ReduceMeanOperator(),
        new ConcatOperator(),
        new FlattenOperator(),
        new ReshapeOperator(),
        new TransposeOperator(),
        new SoftmaxOperator(),
        new LayerNormalizationOperator(),
        new ExpOperator(),
        new SigmoidOperator(),
        new TanhOperator(),
        new GeluOperator(),
        new ErfOperator(),
        new ReciprocalOperator(),
        new HardSigmoidOperator(),
        new HardSwishOperator(),
        new BatchNormalizationOperator(),
        new QuantizeLinearOperator(),
        new DequantizeLinearOperator(),
        new FunctionLayerOperator(),
    ];

    /// <summary>Handled at import, never run: a Constant node becomes a constant value.</summary>
    public const string Constant = "Constant";

    private static readonly Dictionary<string, IOnnxOperator> ByOpType = All.OfType<IOnnxOperator>()
        .SelectMany(o => o.OpTypes, (o, opType) => (o, opType))
        .ToDictionary(p => p.opType, p => p.o, StringComparer.Ordinal);

    private static readonly Dictionary<Type, LayerOperator> ByLayer = All.OfType<LayerOperator>().ToDictionary(o => o.LayerType);

    /// <summary>Refuses an ONNX node whose operator (or domain) is not supported, naming the node and the operator.</summary>
    public static void Check(global::Onnx.NodeProto node, string nodeName)
    {
        if (node.Domain is not ("" or "ai.onnx"))
            throw new InputError($"node '{nodeName}': operator {node.Domain}.{node.OpType} is not supported (only the default ONNX domain is)");
        if (node.OpType != Constant && !ByOpType.ContainsKey(node.OpType))
            throw new InputError($"node '{nodeName}': operator {node.OpType} is not supported; supported operators: " +
                                 string.Join(", ", All.OfType<IOnnxOperator>().SelectMany(o => o.OpTypes).Append(Constant)));
    }

    /// <summary>Refuses, naming the model's file and the node, hardware that cannot run one of the graph's nodes; before any run.</summary>
    public static void RequireHardware(Onnx.Import.OnnxGraph graph, HardwareConfig hw) =>
        Onnx.Import.ModelErrors.InFile(graph.Path, () =>
        {
            foreach (var node in graph.Nodes) For(node).RequireHardware(hw, node);
            return 0;
        });

    /// <summary>The operator of an imported node (its op type was checked at import).</summary>
    public static IOnnxOperator For(GraphNode node) =>
        ByOpType.TryGetValue(node.OpType, out var op) ? op
            : throw new InputError($"node '{node.Describe}': operator {node.OpType} is not supported");

    /// <summary>The operator of a scenario layer record.</summary>
    public static LayerOperator For(LayerSpec layer) =>
        ByLayer.TryGetValue(layer.GetType(), out var op) ? op
            : throw new InvalidOperationException($"layer '{layer.Name}': no operator runs {layer.GetType().Name}");

    /// <summary>A PE-array layer's own operands, drawn ahead of its turn (they depend on nothing computed).</summary>
    public static PeOperands Draw(Lowering ctx, LayerSpec layer, int index, bool withInput) =>
        For(layer) is IPeArrayOperator op ? op.Draw(ctx, layer, index, withInput)
            : throw new ArgumentException($"layer '{layer.Name}' has no operands of its own to draw", nameof(layer));

    /// <summary>
    /// A PE-array layer a network Sim builds itself made, over the operands and in the output-stage numerics it
    /// gives (<see cref="IPeArrayOperator.OnGiven"/>).
    /// </summary>
    public static LayerWork OnPeArray(HardwareConfig hw, LayerSpec layer, Tensor<short> input, Tensor<short> weights, GemmNumerics numerics,
        Func<LayerCheck> check) =>
        For(layer) is IPeArrayOperator op ? op.OnGiven(hw, layer, input, weights, numerics, check)
            : throw new ArgumentException($"layer '{layer.Name}' does not run on the PE array", nameof(layer));

    /// <summary>An int8 vector-unit layer a network Sim builds itself made, over the inputs it gives (<see cref="IVectorOperator.OnGiven"/>).</summary>
    public static LayerWork OnVectorUnit(HardwareConfig hw, LayerSpec layer, IReadOnlyList<Tensor<short>> inputs, Func<LayerCheck> check) =>
        For(layer) is IVectorOperator op ? op.OnGiven(hw, layer, inputs, check)
            : throw new ArgumentException($"layer '{layer.Name}' does not run on the vector unit", nameof(layer));
}
