using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sim.PeArray;

/// <summary>The ways <see cref="IntegerTileKernel"/> can form an integer tile's sums; all give the same bits.</summary>
public enum IntegerKernel
{
    /// <summary>The fastest this processor has.</summary>
    Best,
    /// <summary><see cref="Vector{T}"/> multiply-adds, any processor.</summary>
    Portable,
    /// <summary>AVX2 VPMADDWD on 256-bit vectors (8 output columns a step).</summary>
    Avx2,
    /// <summary>AVX-512 VPMADDWD on 512-bit vectors (16 output columns a step).</summary>
    Avx512,
}

/// <summary>
/// accumulators[i, j] += sum over p of activations[i, p] * weights[p, j] for integer operands held in shorts
/// (int4, int8, uint8, int16), int32 sums wrapping modulo 2^32 as the hardware's adders do, so any order of
/// the additions gives the same bits. All row-major.
/// </summary>
/// <remarks>
/// The x86 kernels take K two at a time: the weights are rearranged once per call into pairs
/// (w[p, j], w[p+1, j]) side by side, each activation pair (a[i, p], a[i, p+1]) is broadcast, and one
/// VPMADDWD forms a[i,p] w[p,j] + a[i,p+1] w[p+1,j] for 8 or 16 columns j at once as exact int32 products
/// added with wrap-around (the only sum that overflows, (-32768)^2 + (-32768)^2, wraps to -2^31, which is
/// that sum modulo 2^32). An odd K's last activation pairs with a zero weight. Columns past the last full
/// vector are summed one by one. .NET 10 offers AVX-512 VNNI (VPDPWSSD, the multiply and the add in one)
/// only through <c>AvxVnni</c>, which needs the VEX-encoded AVX-VNNI this project's EPYC lacks, so the add
/// is a separate instruction.
/// </remarks>
internal static class IntegerTileKernel
{
    /// <summary>The kernel <see cref="IntegerKernel.Best"/> stands for on this processor.</summary>
    public static IntegerKernel Fastest { get; } =
        Avx512BW.IsSupported ? IntegerKernel.Avx512 : Avx2.IsSupported ? IntegerKernel.Avx2 : IntegerKernel.Portable;

    /// <summary>True when this processor can run <paramref name="kernel"/>.</summary>
    public static bool IsSupported(IntegerKernel kernel) => kernel switch
    {
        IntegerKernel.Avx512 => Avx512BW.IsSupported,
        IntegerKernel.Avx2 => Avx2.IsSupported,
        _ => true,
    };

    public static void Compute(ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators,
        int m, int k, int n, IntegerKernel kernel = IntegerKernel.Best)
    {
        if (kernel == IntegerKernel.Best) kernel = Fastest;
        if (!IsSupported(kernel)) throw new PlatformNotSupportedException($"this processor cannot run the {kernel} kernel");
        switch (kernel)
        {
            case IntegerKernel.Avx512:
            case IntegerKernel.Avx2:
                Paired(activations, weights, accumulators, m, k, n, kernel == IntegerKernel.Avx512);
                break;
            default:
                Portable(activations, weights, accumulators, m, k, n);
                break;
        }
    }

    /// <summary>Vectorised over j (no transpose of either operand); zero activations skipped.</summary>
    private static void Portable(ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n)
    {
        int shortLanes = Vector<short>.Count;
        int intLanes = Vector<int>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? n - n % shortLanes : 0;

        for (int i = 0; i < m; i++)
        {
            var accRow = accumulators.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                int a = activations[i * k + p];
                if (a == 0)
                    continue;
                var weightRow = weights.Slice(p * n, n);
                var broadcast = new Vector<int>(a);
                int j = 0;
                for (; j < vectorEnd; j += shortLanes)
                {
                    Vector.Widen(new Vector<short>(weightRow.Slice(j)), out Vector<int> low, out Vector<int> high);
                    var accLow = accRow.Slice(j, intLanes);
                    var accHigh = accRow.Slice(j + intLanes, intLanes);
                    (new Vector<int>(accLow) + broadcast * low).CopyTo(accLow);
                    (new Vector<int>(accHigh) + broadcast * high).CopyTo(accHigh);
                }
                for (; j < n; j++)
                    accRow[j] = unchecked(accRow[j] + a * weightRow[j]);
            }
        }
    }

    /// <summary>The VPMADDWD kernels (see the remarks of <see cref="IntegerTileKernel"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Paired(ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators,
        int m, int k, int n, bool wide)
    {
        int pairs = (k + 1) / 2;
        var pool = ArrayPool<short>.Shared;
        short[] pairedWeights = pool.Rent(pairs * 2 * n), pairedActivations = pool.Rent(pairs * 2);
        try
        {
            // pairedWeights[q][j] = (w[2q, j], w[2q+1, j]), as two shorts: one int32 lane per column.
            var w = pairedWeights.AsSpan(0, pairs * 2 * n);
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++)
                    w[(p / 2) * 2 * n + 2 * j + p % 2] = weights[p * n + j];
            if (k % 2 == 1)
                for (int j = 0; j < n; j++) w[(pairs - 1) * 2 * n + 2 * j + 1] = 0;
            var a = pairedActivations.AsSpan(0, pairs * 2);
            a[^1] = 0;

            int lanes = wide ? Vector512<int>.Count : Vector256<int>.Count;
            int vectorEnd = n - n % lanes;
            ref short w0 = ref MemoryMarshal.GetReference(w);
            for (int i = 0; i < m; i++)
            {
                activations.Slice(i * k, k).CopyTo(a);
                var aPairs = MemoryMarshal.Cast<short, int>(a);
                var accRow = accumulators.Slice(i * n, n);
                for (int j = 0; j < vectorEnd; j += lanes)
                {
                    if (wide)
                    {
                        var sum = Vector512.Create<int>(accRow.Slice(j, lanes));
                        for (int q = 0; q < pairs; q++)
                        {
                            var pair = Vector512.Create(aPairs[q]).AsInt16();
                            var weightPairs = Vector512.LoadUnsafe(ref w0, (nuint)(q * 2 * n + 2 * j));
                            sum = Avx512F.Add(sum, Avx512BW.MultiplyAddAdjacent(pair, weightPairs));
                        }
                        sum.CopyTo(accRow.Slice(j, lanes));
                    }
                    else
                    {
                        var sum = Vector256.Create<int>(accRow.Slice(j, lanes));
                        for (int q = 0; q < pairs; q++)
                        {
                            var pair = Vector256.Create(aPairs[q]).AsInt16();
                            var weightPairs = Vector256.LoadUnsafe(ref w0, (nuint)(q * 2 * n + 2 * j));
                            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(pair, weightPairs));
                        }
                        sum.CopyTo(accRow.Slice(j, lanes));
                    }
                }
                for (int j = vectorEnd; j < n; j++)
                {
                    int sum = accRow[j];
                    for (int p = 0; p < k; p++)
                        sum = unchecked(sum + a[p] * weights[p * n + j]);
                    accRow[j] = sum;
                }
            }
        }
        finally
        {
            pool.Return(pairedWeights);
            pool.Return(pairedActivations);
        }
    }
}
