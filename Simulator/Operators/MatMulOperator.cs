using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// Float MatMul (<see cref="FloatProduct"/>). Its shapes and geometry are those of the quantised matrix
/// products too (QLinearMatMul, MatMulInteger): A [..., M, K] times B [K, N], or a batch of GEMMs.
/// </summary>
internal sealed class MatMulOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["MatMul"];

    public ValueShape InferShape(NodeShapes s) =>
        new(GraphElementType.Float, Shape(s.Node,
            s.Expect(s.Input(0), GraphElementType.Float, "A").Shape, s.Expect(s.Input(1), GraphElementType.Float, "B").Shape));

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var a = input(0)!.Floats;
        var b = input(1)!.Floats;
        var outShape = Shape(node, a.Shape, b.Shape);
        var reference = Task.Run(() => Ops.MatMul(a, b));
        var (groups, m, k, n) = Geometry(a.Shape, b.Shape);
        return FloatProduct.Run(ctx, m, k, n, groups, a, b, outShape, y => y, reference, 1, _ => 0);
    }

    /// <summary>
    /// MatMul shapes the PE array runs: A [..., M, K] times B [K, N] (A's leading dimensions fold into M), or
    /// A [b..., M, K] times B [b..., K, N] with equal leading dimensions (a batch of GEMMs). 1-D operands are not supported.
    /// </summary>
    public static int[] Shape(GraphNode node, int[] a, int[] b)
    {
        if (a.Length < 2 || b.Length < 2)
            throw NodeShapes.Error(node, $"1-D operands are not supported (A [{string.Join(",", a)}], B [{string.Join(",", b)}])");
        int k = a[^1];
        if (b[^2] != k) throw NodeShapes.Error(node, $"inner dimensions differ: A [{string.Join(",", a)}] and B [{string.Join(",", b)}]");
        if (b.Length > 2 && (a.Length != b.Length || !a[..^2].SequenceEqual(b[..^2])))
            throw NodeShapes.Error(node, $"batched MatMul needs equal leading dimensions, got A [{string.Join(",", a)}] and B [{string.Join(",", b)}]");
        return [.. a[..^1], b[^1]];
    }

    /// <summary>(groups, M, K, N) of a MatMul: B 2-D folds A's leading dimensions into M; else one GEMM per batch index.</summary>
    public static (int Groups, int M, int K, int N) Geometry(int[] a, int[] b)
    {
        int k = a[^1], n = b[^1];
        if (b.Length == 2) return (1, a.Length == 2 ? a[0] : a[..^1].Aggregate(1, (p, d) => p * d), k, n);
        return (a[..^2].Aggregate(1, (p, d) => p * d), a[^2], k, n);
    }
}
