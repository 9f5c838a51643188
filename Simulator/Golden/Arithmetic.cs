using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>ONNX Add with numpy broadcasting: one fp32 sum per element.</summary>
    public static Tensor<float> Add(Tensor<float> a, Tensor<float> b) => Broadcast(a, b, (x, y) => x + y);

    /// <summary>ONNX Add on int32: wrapping sums.</summary>
    public static Tensor<int> Add(Tensor<int> a, Tensor<int> b) => Broadcast(a, b, (x, y) => unchecked(x + y));

    /// <summary>ONNX Sub with numpy broadcasting: one fp32 difference per element.</summary>
    public static Tensor<float> Sub(Tensor<float> a, Tensor<float> b) => Broadcast(a, b, (x, y) => x - y);

    /// <summary>ONNX Sub on int32: wrapping differences.</summary>
    public static Tensor<int> Sub(Tensor<int> a, Tensor<int> b) => Broadcast(a, b, (x, y) => unchecked(x - y));

    /// <summary>ONNX Mul with numpy broadcasting: one fp32 product per element.</summary>
    public static Tensor<float> Mul(Tensor<float> a, Tensor<float> b) => Broadcast(a, b, (x, y) => x * y);

    /// <summary>ONNX Mul on int32: the low 32 bits of each product (two's-complement wrap, as numpy's).</summary>
    public static Tensor<int> Mul(Tensor<int> a, Tensor<int> b) => Broadcast(a, b, (x, y) => unchecked(x * y));

    /// <summary>ONNX Div with numpy broadcasting: one IEEE fp32 quotient per element (x/0 is an infinity or NaN).</summary>
    public static Tensor<float> Div(Tensor<float> a, Tensor<float> b) => Broadcast(a, b, (x, y) => x / y);

    /// <summary>
    /// ONNX Div on int32: the quotient truncated toward zero (C's rule, which ONNX's integer Div follows). Computed
    /// here as the float64 quotient truncated, exact because |a| &lt; 2^53; the one quotient past int32, int.MinValue / -1,
    /// wraps to int.MinValue as two's complement does. A zero divisor has no quotient: the caller refuses it.
    /// </summary>
    public static Tensor<int> Div(Tensor<int> a, Tensor<int> b) => Broadcast(a, b, (x, y) =>
        y == 0 ? throw new DivideByZeroException() : unchecked((int)(long)Math.Truncate((double)x / y)));
}
