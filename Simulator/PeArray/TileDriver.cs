namespace Sim.PeArray;

/// <summary>
/// Runs one weight-stationary tile on the register-level <see cref="SystolicArray"/> through its
/// ports only: weight load, skewed activation stream, output collection. This is the reference the
/// fast <see cref="TileModel"/> must match in both numbers and cycles.
/// </summary>
public sealed class TileDriver
{
    private readonly SystolicArray _array;
    private readonly short[] _weightRow;
    private readonly short[] _activations;
    private readonly bool[] _activationValid;
    private readonly int[] _received;
    private PeDatapath _datapath = PeDatapath.Int8;

    public TileDriver(SystolicArray array)
    {
        _array = array;
        _weightRow = new short[array.Cols];
        _activations = new short[array.Rows];
        _activationValid = new bool[array.Rows];
        _received = new int[array.Cols];
    }

    /// <summary>
    /// Computes accumulators[m, n] += sum over k of activations[m, k] * weights[k, n] (int32, wrapping)
    /// for an M x K_t by K_t x N_t tile, and returns the cycles it took.
    /// </summary>
    /// <remarks>
    /// Counted cycles: clock edges from the first weight-load edge up to and including the edge that
    /// registers the tile's last needed output (y[M-1][N_t-1]) onto the bottom output port. The tile
    /// starts from a reset array. Columns N_t..Cols-1 still drain zero sums for up to Cols - N_t
    /// further cycles; they are not counted because the next tile's weight load can overlap them (the
    /// pipelines keep moving during load, and those columns' results are discarded).
    /// Accumulating lets a layer whose K exceeds Rows be split into several tiles.
    /// </remarks>
    public long Run(
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n) =>
        Run(PeDatapath.Int8, activations, weights, accumulators, m, k, n);

    /// <summary>
    /// As the other overload, in the formats of <paramref name="datapath"/>: operands and accumulators are
    /// raw bits (see <see cref="PeDatapath"/>), each column sum is added into its accumulator by
    /// <see cref="PeDatapath.Add"/>.
    /// </summary>
    public long Run(in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n)
    {
        _datapath = datapath;
        _array.Datapath = datapath;
        int rows = _array.Rows;
        int cols = _array.Cols;
        TileShape.Validate(rows, cols, m, k, n);
        TileShape.ValidateBuffers(activations, weights, accumulators, m, k, n);

        _array.Reset();
        System.Array.Clear(_activations);
        System.Array.Clear(_activationValid);
        LoadWeights(weights, k, n);
        Stream(activations, accumulators, m, k, n);
        return _array.Cycle;
    }

    /// <summary>
    /// Rows edges with weight_load_enable: the vector entered at load cycle t ends in PE row Rows-1-t,
    /// so weight row Rows-1 goes first. Rows and columns outside the tile are zero, and the whole
    /// column is always shifted so no stale weight of a previous tile survives.
    /// </summary>
    private void LoadWeights(ReadOnlySpan<short> weights, int k, int n)
    {
        for (int t = 0; t < _array.Rows; t++)
        {
            int weightRow = _array.Rows - 1 - t;
            System.Array.Clear(_weightRow);
            if (weightRow < k)
                weights.Slice(weightRow * n, n).CopyTo(_weightRow);
            _array.Step(new PeArrayInputs(true, _weightRow, _activations, _activationValid));
        }
    }

    /// <summary>
    /// Feeds a[mi][ki] to PE row ki at stream cycle mi + ki (the skew that makes vector mi's
    /// activations meet its partial sum as it walks down), and collects each column's valid outputs
    /// in arrival order: column c emits y[0][c], y[1][c], ... on consecutive valid cycles.
    /// </summary>
    private void Stream(ReadOnlySpan<short> activations, Span<int> accumulators, int m, int k, int n)
    {
        int rows = _array.Rows;
        // A correct array finishes after 2*Rows + M + N_t - 2 cycles in total; the bound only stops a
        // broken one from looping forever, and is deliberately looser than that formula.
        long streamCycleLimit = 2L * rows + m + _array.Cols + 2;
        System.Array.Clear(_received);
        long outstanding = (long)m * n;

        for (long s = 0; outstanding > 0; s++)
        {
            if (s >= streamCycleLimit)
                throw new InvalidOperationException($"tile {m}x{k}x{n}: outputs still missing after {s} stream cycles");

            for (int row = 0; row < k; row++)
            {
                long vector = s - row;
                bool valid = vector >= 0 && vector < m;
                _activations[row] = valid ? activations[(int)vector * k + row] : (short)0;
                _activationValid[row] = valid;
            }
            _array.Step(new PeArrayInputs(false, _weightRow, _activations, _activationValid));

            var sums = _array.PartialSumOut;
            var sumValid = _array.PartialSumOutValid;
            for (int c = 0; c < n; c++)
            {
                if (!sumValid[c])
                    continue;
                int vector = _received[c]++;
                if (vector >= m)
                    throw new InvalidOperationException($"tile {m}x{k}x{n}: column {c} emitted more than {m} outputs");
                ref int acc = ref accumulators[vector * n + c];
                acc = _datapath.Add(acc, sums[c]);
                outstanding--;
            }
        }
    }
}
