using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Numerics;
using Sim.Onnx;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// LayerNormalization (opset 17): Y only. It runs only on hardware whose special-function unit holds rsqrt, as that hardware
/// runs it (<see cref="SfuLayerNorm"/>), bit for bit with its golden model (<see cref="Ops.LayerNormOnSfu"/>), its error
/// columns against float64 as every SFU row's. Other hardware refuses the node by name, as it does every SFU operator: an
/// exact float fallback would report accuracy and cost the hardware does not have. The optional Mean and InvStdDev outputs
/// are refused: the hardware keeps its row statistics in the vector unit, and their values would need a golden model of
/// their own.
/// </summary>
internal sealed class LayerNormalizationOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["LayerNormalization"];

    public ValueShape InferShape(NodeShapes s)
    {
        if (s.Node.Outputs.Skip(1).Any(o => o.Length > 0))
            throw s.Error("the optional outputs Mean and InvStdDev are not supported; only Y is");
        // stash_type 1 (float32) is the precision the vector unit keeps its mean and variance in; no other is modelled.
        if (NodeAttributes.GetInt(s.Node.Proto, "stash_type", 1) is var stash and not 1)
            throw s.Error($"stash_type {stash} is not supported; the mean and variance are kept in float32 (stash_type 1)");
        var x = s.Expect(s.Input(0), GraphElementType.Float, "X");
        int axis = NodeShapes.Axis(s.Node, NodeAttributes.GetInt(s.Node.Proto, "axis", -1), x.Shape.Length, required: false);
        var normalised = x.Shape[axis..];
        foreach (var (value, what) in new[] { (s.Input(1), "Scale"), (s.Optional(2), "B") })
            if (value is not null && !s.Expect(value, GraphElementType.Float, what).Shape.SequenceEqual(normalised))
                throw s.Error($"{what} is {value}; expected float[{string.Join(", ", normalised)}], the normalised dimensions of X");
        return x;
    }

    public void RequireHardware(HardwareConfig hw, GraphNode node) => SfuOperator.Require(hw, node, SfuFunction.Rsqrt);

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var config = SfuOperator.Require(ctx.Hw, node, SfuFunction.Rsqrt);
        var x = input(0)!.Floats;
        var scale = input(1)!.Floats;
        var bias = input(2)?.Floats;
        int axis = NodeShapes.Axis(node, NodeAttributes.GetInt(node.Proto, "axis", -1), x.Rank, required: false);
        float epsilon = NodeAttributes.GetFloat(node.Proto, "epsilon", 1e-5f);
        var layerNorm = new SfuLayerNorm(new SpecialFunctionUnit(config, ctx.Hw.Scratchpads.Input.CapacityBytes), ctx.Vector);
        var y = layerNorm.Run(x, axis, scale.Data, bias?.Data, epsilon);
        var golden = Ops.LayerNormOnSfu(x, scale, bias, epsilon, config);
        var reference = Ops.LayerNormDouble(x, scale, bias, epsilon);
        long bytes = (long)x.Length * ctx.FloatBytes;
        var work = UnitWork.OnVectorUnit(ctx.Hw, layerNorm.Steps(x, axis, bias is not null, ctx.FloatBytes), bytes, bytes,
            SfuLayerNorm.VectorReadsPerElement(bias is not null) * (long)x.Length, "fp32", ctx.Hw.NumberFormat.Name(),
            () => FloatCheck.Exact(ctx.Name, golden, y, reference));
        return new NodeStep(GraphValue.Of(y), work with { Unit = "sfu", SfuLookups = SfuLayerNorm.Rows(x, axis) });
    }
}
