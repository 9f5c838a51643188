using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Sim.Numerics;

namespace Sim.PeArray;

/// <summary>
/// The fast model of one weight-stationary tile: the numbers as a bulk matrix product and the
/// cycles from a closed-form formula. It must agree exactly with <see cref="TileDriver"/> running
/// the register-level <see cref="SystolicArray"/>; the equivalence tests hold it to that.
/// </summary>
public static class TileModel
{
    /// <summary>
    /// Cycles for an M x K_t by K_t x N_t tile on a rows x cols array, counted as
    /// <see cref="TileDriver.Run"/> counts them: from the first weight-load edge up to and including
    /// the edge that puts y[M-1][N_t-1] on the output port.
    /// </summary>
    /// <remarks>
    /// Derivation (R = rows):
    /// <list type="number">
    /// <item>Weight load: R cycles. The whole column is shifted whatever K_t is.</item>
    /// <item>Fill: a[0][0] enters PE(0,0) in stream cycle 0, and y[0]'s sum is registered one row
    ///   lower each cycle, so it is in the bottom row of column 0 at the end of stream cycle R-1:
    ///   R cycles. K_t does not shorten this: rows K_t..R-1 hold zero weights but still pass the sum.</item>
    /// <item>Stream: vector m enters m cycles after vector 0, so y[M-1] leaves column 0 M-1 cycles later.</item>
    /// <item>Drain across columns: activations move one PE right per cycle, so everything in column c
    ///   happens c cycles after column 0; the last needed column N_t-1 adds N_t-1 cycles.</item>
    /// </list>
    /// Total = R + R + (M-1) + (N_t-1) = 2R + M + N_t - 2. Cols matters only as the bound on N_t.
    /// </remarks>
    public static long Cycles(int rows, int cols, int m, int k, int n)
    {
        TileShape.Validate(rows, cols, m, k, n);
        return 2L * rows + m + n - 2;
    }

    /// <summary>
    /// accumulators[i, j] += sum over p of activations[i, p] * weights[p, j], all row-major, with int32
    /// wrapping as the hardware's adders wrap (so the order of additions does not matter).
    /// Allocation-free; vectorised over j, which needs no transpose of either operand.
    /// </summary>
    public static void Compute(
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n)
    {
        TileShape.ValidateOperands(m, k, n);
        TileShape.ValidateBuffers(activations, weights, accumulators, m, k, n);

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

    /// <summary>
    /// accumulators[i, j] = Add(accumulators[i, j], column sum) in the formats of <paramref name="datapath"/>
    /// (raw bits, see <see cref="PeDatapath"/>), where the column sum adds the products of k = 0..K_t-1 in
    /// order, starting from +0, as they flow down the PE column: the order of <see cref="AccumulationOrder"/>
    /// with this tile as one chunk. Integer datapaths take the wrapping SIMD path above (order does not
    /// matter modulo 2^32, nor modulo 2^16 for an int16 accumulator). Allocation-free after warm-up (buffers
    /// come from the shared pool).
    /// </summary>
    public static void Compute(in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n)
    {
        if (!datapath.IsFloat)
        {
            Compute(activations, weights, accumulators, m, k, n);
            if (datapath.Accumulator == ElementFormat.Int16)
                foreach (ref int acc in accumulators)
                    acc = unchecked((short)acc);
            return;
        }

        TileShape.ValidateOperands(m, k, n);
        TileShape.ValidateBuffers(activations, weights, accumulators, m, k, n);
        var format = datapath.Operands;
        var pool = ArrayPool<float>.Shared;
        float[] wBuffer = pool.Rent(k * n), columnBuffer = pool.Rent(n);
        try
        {
            var w = wBuffer.AsSpan(0, k * n);
            for (int i = 0; i < w.Length; i++) w[i] = Accumulation.Decode(format, weights[i]);
            var column = columnBuffer.AsSpan(0, n);
            var acc = MemoryMarshal.Cast<int, float>(accumulators);
            bool wide = datapath.Accumulator == ElementFormat.Fp32;
            int lanes = Vector<float>.Count;
            int vectorEnd = wide && Vector.IsHardwareAccelerated ? n - n % lanes : 0;

            for (int i = 0; i < m; i++)
            {
                column.Clear();
                for (int p = 0; p < k; p++)
                {
                    float a = Accumulation.Decode(format, activations[i * k + p]);
                    if (a == 0)
                        continue; // a ±0 product leaves a sum that started from +0 unchanged
                    var weightRow = w.Slice(p * n, n);
                    int j = 0;
                    if (wide)
                    {
                        var broadcast = new Vector<float>(a);
                        for (; j < vectorEnd; j += lanes)
                            (new Vector<float>(column.Slice(j)) + broadcast * new Vector<float>(weightRow.Slice(j))).CopyTo(column.Slice(j));
                        for (; j < n; j++)
                            column[j] += a * weightRow[j];
                    }
                    else
                    {
                        for (; j < n; j++)
                            column[j] = Accumulation.Add(datapath.Accumulator, column[j], a * weightRow[j]);
                    }
                }
                var accRow = acc.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                    accRow[j] = Accumulation.Add(datapath.Accumulator, accRow[j], column[j]);
            }
        }
        finally
        {
            pool.Return(wBuffer);
            pool.Return(columnBuffer);
        }
    }
}
