using Sim.Config;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>Convolutions (grouped and depthwise too) on the PE array: one GEMM per group over the im2col rows.</summary>
internal sealed class ConvOperator : PeArrayOperator<Conv2DLayer>
{
    protected override (Tensor<short>? Input, Tensor<short> Weights) DrawTensors(Conv2DLayer c, OperandGenerator data, DataSource source,
        ElementFormat format, bool withInput) => LayerTensors.Conv(c, data, source, format, withInput);

    protected override int[] InputShape(Conv2DLayer c) => [c.Batch, c.InChannels, c.InHeight, c.InWidth];

    protected override (GemmShape Shape, IGemmOperands Operands) Gemm(Conv2DLayer c, Tensor<short> x, Tensor<short> w) =>
        (GemmShape.Of(c), new ConvOperands(c, x, w));

    protected override GoldenResult Golden(Conv2DLayer c, Tensor<short> x, Tensor<short> w, QuantParams q, LayerFormat f, AccumulationOrder order) =>
        GoldenReference.Conv(c, x, w, q, f, order);
}
