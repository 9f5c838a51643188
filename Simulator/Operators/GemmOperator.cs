using Sim.Config;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>Matrix products and fully-connected layers on the PE array: Y[M,N] = A[M,K] x W[K,N].</summary>
internal sealed class GemmOperator : PeArrayOperator<GemmLayer>
{
    protected override (Tensor<short>? Input, Tensor<short> Weights) DrawTensors(GemmLayer g, OperandGenerator data, DataSource source,
        ElementFormat format, bool withInput) => LayerTensors.Gemm(g, data, source, format, withInput);

    protected override int[] InputShape(GemmLayer g) => [g.M, g.K];

    protected override (GemmShape Shape, IGemmOperands Operands) Gemm(GemmLayer g, Tensor<short> a, Tensor<short> w) =>
        (GemmShape.Of(g), new MatrixOperands(g, a, w));

    protected override GoldenResult Golden(GemmLayer g, Tensor<short> a, Tensor<short> w, QuantParams q, LayerFormat f, AccumulationOrder order) =>
        GoldenReference.Gemm(a, w, q, f, order);
}
