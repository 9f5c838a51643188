using System.Numerics;
using System.Runtime.Intrinsics;

namespace Sim.Training;

/// <summary>
/// The two float32 kernels the layers are written with. Both give the same bits on any machine:
/// <see cref="Axpy"/> is element-wise (a multiply then an add per element, never fused), and
/// <see cref="Dot"/> sums in eight fixed lanes (<see cref="Vector256{T}"/>, which .NET emulates where the
/// processor lacks it) and then adds the lanes and the tail in a fixed order.
/// </summary>
internal static class VectorMath
{
    /// <summary>y += a x.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(y[i..]) + va * new Vector<float>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }

    /// <summary>The sum of x[i] y[i].</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ");
        var acc = Vector256<float>.Zero;
        int i = 0;
        for (; i <= x.Length - 8; i += 8)
            acc += Vector256.Create(x.Slice(i, 8)) * Vector256.Create(y.Slice(i, 8));
        float sum = 0;
        for (int lane = 0; lane < 8; lane++) sum += acc.GetElement(lane);
        for (; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>The sum of x[i], left to right.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        float sum = 0;
        foreach (float v in x) sum += v;
        return sum;
    }
}
