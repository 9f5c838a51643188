using Onnx;
using Sim.Accelerator;
using Sim.Config;
using Sim.Graph;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>
/// A scenario's float function layer (<see cref="FunctionLayer"/>) runs as a one-node graph of its ONNX operator: the same
/// units, cycles, energy and checks as that node in an imported model. Its input (the layer before it's output, or its own
/// seeded one: normal values rounded to the format) is read in the hardware's float format and its fp32 result is stored
/// rounded to that format, so a node moves 2 bytes an element on bf16 hardware where an ONNX graph's fp32 tensor moves 4.
/// A layernorm draws its own scale (1 + N(0, 0.1²)) and bias (N(0, 0.02²)).
/// </summary>
internal sealed class FunctionLayerOperator : LayerOperator<FunctionLayer>
{
    /// <summary>The opset the one-node graph is read at: Gelu's (20), where every other function's defaults are today's.</summary>
    private const long Opset = 20;

    protected override LayerWork Lower(Lowering ctx, FunctionLayer layer, int index, LayerInputs inputs)
    {
        var format = ctx.Hw.NumberFormat;
        var generator = new OperandGenerator(ctx.Seed, index);
        var raw = inputs.Value(0) ?? ctx.Phases.Time("operands", () => generator.Operands(layer.Shape, format, ctx.Data.ActivationZeroFraction));
        var values = new List<GraphValue> { GraphValue.Of(FloatEncoding.Decode(new Tensor<short>(layer.Shape, raw.Data), format)) };
        if (layer.Function == "layernorm")
        {
            int[] row = [layer.Shape[^1]];
            var scale = generator.Floats(row, 0, 0.1);
            for (int i = 0; i < scale.Length; i++) scale.Data[i] += 1;
            values.Add(GraphValue.Of(scale));
            values.Add(GraphValue.Of(generator.Floats(row, 0, 0.02)));
        }
        var proto = new NodeProto { OpType = layer.OpType, Name = layer.Name };
        proto.Input.Add(values.Select((_, i) => $"x{i}"));
        proto.Output.Add("y");
        var node = new GraphNode(layer.Name, layer.OpType, [.. proto.Input], ["y"], proto);
        var context = new NodeContext(ctx.Hw, layer.Name, Opset) { FloatBytes = format.Info().Bits / 8 };
        var step = OperatorSet.For(node).Lower(context, node, i => i < values.Count ? values[i] : null);
        var output = FloatEncoding.Encode(step.Output.Floats, format);
        return step.Work with { Output = output, OutputSha256 = LayerWork.Sha256(output) };
    }
}
