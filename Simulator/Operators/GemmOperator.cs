using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Onnx;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>
/// Matrix products and fully-connected layers on the PE array: Y[M,N] = A[M,K] x W[K,N]. Scenario layers
/// <c>gemm</c> (<c>matmul</c>), and ONNX's float Gemm (<see cref="FloatProduct"/>), whose output stage adds
/// alpha x Y + beta x C in fp32.
/// </summary>
internal sealed class GemmOperator : PeArrayOperator<GemmLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Gemm"];

    protected override (Tensor<short>? Input, Tensor<short> Weights) DrawTensors(GemmLayer g, OperandGenerator data, DataSource source,
        ElementFormat format, bool withInput) => LayerTensors.Gemm(g, data, source, format, withInput);

    protected override int[] InputShape(GemmLayer g) => [g.M, g.K];

    protected override (GemmShape Shape, IGemmOperands Operands) Gemm(HardwareConfig hw, GemmLayer g, Tensor<short> a, Tensor<short> w) =>
        (GemmShape.Of(g), new MatrixOperands(g, a, w));

    protected override GoldenResult Golden(GemmLayer g, Tensor<short> a, Tensor<short> w, QuantParams q, LayerFormat f, AccumulationOrder order) =>
        GoldenReference.Gemm(a, w, q, f, order);

    public ValueShape InferShape(NodeShapes s)
    {
        var a = s.Expect(s.Input(0), GraphElementType.Float, "A");
        var b = s.Expect(s.Input(1), GraphElementType.Float, "B");
        if (a.Shape.Length != 2 || b.Shape.Length != 2) throw s.Error($"A {a} and B {b} must be 2-D");
        bool ta = NodeAttributes.GetInt(s.Node.Proto, "transA", 0) != 0, tb = NodeAttributes.GetInt(s.Node.Proto, "transB", 0) != 0;
        int m = ta ? a.Shape[1] : a.Shape[0], k = ta ? a.Shape[0] : a.Shape[1];
        int k2 = tb ? b.Shape[1] : b.Shape[0], n = tb ? b.Shape[0] : b.Shape[1];
        if (k != k2) throw s.Error($"inner dimensions differ: A {a} and B {b}");
        if (s.Optional(2) is { } c)
            Ops.BroadcastShape(c.Shape, [m, n]);
        return new(GraphElementType.Float, [m, n]);
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var p = node.Proto;
        bool ta = NodeAttributes.GetInt(p, "transA", 0) != 0, tb = NodeAttributes.GetInt(p, "transB", 0) != 0;
        float alpha = NodeAttributes.GetFloat(p, "alpha", 1f), beta = NodeAttributes.GetFloat(p, "beta", 1f);
        var a = input(0)!.Floats;
        var b = input(1)!.Floats;
        var c = input(2)?.Floats;
        var reference = Task.Run(() => Ops.Gemm(a, b, c, alpha, beta, ta, tb));
        var a2 = ta ? Ops.Transpose(a, [1, 0]) : a;
        var b2 = tb ? Ops.Transpose(b, [1, 0]) : b;
        var scale = (Tensor<float> y) =>
        {
            var s = alpha == 1f ? y : new Tensor<float>(y.Shape, Array.ConvertAll(y.Data, v => alpha * v));
            if (c is null || beta == 0f) return s;
            var bc = beta == 1f ? c : new Tensor<float>(c.Shape, Array.ConvertAll(c.Data, v => beta * v));
            return VectorKernels.Add(s, bc);
        };
        return FloatProduct.Run(ctx, a2.Shape[0], a2.Shape[1], b2.Shape[1], 1, a2, b2, [a2.Shape[0], b2.Shape[1]], scale, reference,
            Math.Max(1, Math.Abs(alpha)), i => c is null ? 0 : Math.Abs(beta * c.Data[c.Length == 1 ? 0 : i % c.Length]));
    }
}
