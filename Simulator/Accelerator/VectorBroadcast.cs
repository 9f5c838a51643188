using Sim.Golden;
using Sim.Tensors;

namespace Sim.Accelerator;

/// <summary>
/// The vector unit's binary arithmetic under numpy broadcasting (ONNX's Add, Sub, Mul, Div): both operands
/// streamed through stride counters, a stretched dimension read with stride 0, one lane operation per output
/// element. fp32 operations are single IEEE operations, so they agree bit for bit with any correct model of them.
/// </summary>
internal static partial class VectorKernels
{
    public static Tensor<float> Add(Tensor<float> a, Tensor<float> b) => Binary(a, b, (x, y) => x + y);

    public static Tensor<int> Add(Tensor<int> a, Tensor<int> b) => Binary(a, b, (x, y) => unchecked(x + y));

    public static Tensor<float> Sub(Tensor<float> a, Tensor<float> b) => Binary(a, b, (x, y) => x - y);

    public static Tensor<int> Sub(Tensor<int> a, Tensor<int> b) => Binary(a, b, (x, y) => unchecked(x - y));

    public static Tensor<float> Mul(Tensor<float> a, Tensor<float> b) => Binary(a, b, (x, y) => x * y);

    public static Tensor<int> Mul(Tensor<int> a, Tensor<int> b) => Binary(a, b, (x, y) => unchecked(x * y));

    /// <summary>
    /// fp32 division, correctly rounded. Like the square root it is an iteration in a real unit; pipelined across the
    /// lanes it retires one quotient a lane a cycle, and that is what it is charged.
    /// </summary>
    public static Tensor<float> Div(Tensor<float> a, Tensor<float> b) => Binary(a, b, (x, y) => x / y);

    /// <summary>
    /// int32 division truncating toward zero; int.MinValue / -1 wraps to int.MinValue (the divider negates; .NET's
    /// own division would trap). Zero divisors are refused before the unit runs.
    /// </summary>
    public static Tensor<int> Div(Tensor<int> a, Tensor<int> b) => Binary(a, b, (x, y) => y == -1 ? unchecked(-x) : x / y);

    private static Tensor<T> Binary<T>(Tensor<T> a, Tensor<T> b, Func<T, T, T> op) where T : unmanaged
    {
        var (shape, sa, sb) = Strides(a.Shape, b.Shape);
        var y = new Tensor<T>(shape);
        Walk(shape, sa, sb, (o, i, j) => y.Data[o] = op(a.Data[i], b.Data[j]));
        return y;
    }

    /// <summary>The broadcast shape and each operand's strides in it (0 along a stretched dimension).</summary>
    private static (int[] Shape, int[] A, int[] B) Strides(int[] a, int[] b)
    {
        var shape = Ops.BroadcastShape(a, b);
        return (shape, StridesIn(shape, a), StridesIn(shape, b));
    }

    private static int[] StridesIn(int[] shape, int[] from)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            int fd = d - (shape.Length - from.Length);
            if (fd < 0) continue;
            strides[d] = from[fd] == 1 ? 0 : s;
            s *= from[fd];
        }
        return strides;
    }

    private static void Walk(int[] shape, int[] sa, int[] sb, Action<int, int, int> visit)
    {
        int rank = shape.Length, total = shape.Aggregate(1, (p, d) => p * d);
        var counter = new int[rank];
        int i = 0, j = 0;
        for (int o = 0; o < total; o++)
        {
            visit(o, i, j);
            for (int d = rank - 1; d >= 0; d--)
            {
                i += sa[d];
                j += sb[d];
                if (++counter[d] < shape[d]) break;
                i -= sa[d] * shape[d];
                j -= sb[d] * shape[d];
                counter[d] = 0;
            }
        }
    }
}
