using System.Numerics;

namespace Sim.Golden;

/// <summary>
/// The int32 dot product of two runs of equal length, wrapping as int32 hardware does. Wrapping sums are the
/// same in any order, so it adds <c>Vector&lt;int&gt;.Count</c> products at a time, then the rest one by one.
/// </summary>
internal static class IntegerDot
{
    public static int Of(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0;
        var lanes = Vector<int>.Zero;
        for (; i <= a.Length - Vector<int>.Count; i += Vector<int>.Count)
            lanes += new Vector<int>(a[i..]) * new Vector<int>(b[i..]);
        int sum = Vector.Sum(lanes);
        for (; i < a.Length; i++)
            sum = unchecked(sum + a[i] * b[i]);
        return sum;
    }
}
