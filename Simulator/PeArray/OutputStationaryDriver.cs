namespace Sim.PeArray;

/// <summary>
/// Runs one output-stationary tile on an array through its ports only: the issued K steps streamed with the
/// row and column skews, then the drain. On the register-level <see cref="OutputStationaryArray"/> it is the
/// reference <see cref="OutputStationary"/>'s fast model must match in numbers, cycles and MAC counts.
/// </summary>
internal sealed class OutputStationaryDriver
{
    private readonly IOutputStationaryArray _array;
    private readonly short[] _activations, _weights;
    private readonly bool[] _activationValid, _weightValid;
    private readonly int[] _received;
    private int[] _issued = new int[64];

    public OutputStationaryDriver(IOutputStationaryArray array)
    {
        _array = array;
        _activations = new short[array.Rows];
        _activationValid = new bool[array.Rows];
        _weights = new short[array.Cols];
        _weightValid = new bool[array.Cols];
        _received = new int[array.Cols];
    }

    /// <summary>
    /// accumulators[m, n] = Add(accumulators[m, n], the PE's dot product over the issued K steps) for an
    /// M_t x K_t by K_t x N_t tile (M_t &lt;= Rows, N_t &lt;= Cols), from a reset array or (<paramref name="fromReset"/>
    /// false) from the one the last tile drained: its drain shifted zeros into every accumulator, so the next tile
    /// starts from +0 without a reset. Cycles: edges from the first stream edge up to and including the drain edge
    /// that puts row 0's sums on psum_out. MACs: the tile's columns' counters over the tile.
    /// </summary>
    public TileStats Run(in PeArrayFeatures features, in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n,
        bool fromReset = true)
    {
        int rows = _array.Rows, cols = _array.Cols;
        OutputStationary.ValidateTile(rows, cols, m, k, n);
        TileShape.ValidateBuffers(activations, weights, accumulators, m, k, n);
        if (_issued.Length < k) _issued = new int[Math.Max(k, 2 * _issued.Length)];
        int issued = OutputStationary.IssuedSteps(features, datapath, activations, weights, m, k, n, _issued);
        if (issued == 0) return default;

        if (fromReset) _array.Reset();
        _array.Configure(datapath, features);
        long start = _array.Cycle;
        long active = 0, gated = 0, repeated = 0;
        for (int c = 0; c < n; c++)
        {
            active -= _array.MacsActive[c];
            gated -= _array.MacsGated[c];
            repeated -= _array.MacsRepeated[c];
        }
        // Stream: a[r][k_j] enters row r at edge j + r, w[k_j][c] enters column c at edge j + c.
        long streamEdges = (long)issued + m + n - 2;
        for (long s = 0; s < streamEdges; s++)
        {
            for (int r = 0; r < rows; r++)
            {
                long j = s - r;
                bool valid = r < m && j >= 0 && j < issued;
                _activationValid[r] = valid;
                _activations[r] = valid ? activations[r * k + _issued[j]] : (short)0;
            }
            for (int c = 0; c < cols; c++)
            {
                long j = s - c;
                bool valid = c < n && j >= 0 && j < issued;
                _weightValid[c] = valid;
                _weights[c] = valid ? weights[_issued[j] * n + c] : (short)0;
            }
            _array.Step(new OutputStationaryInputs(_activations, _activationValid, _weights, _weightValid, drain: false));
        }

        // Drain: column c emits its valid sums bottom row first, so its j-th is row m - 1 - j.
        Array.Clear(_activationValid);
        Array.Clear(_activations);
        Array.Clear(_weightValid);
        Array.Clear(_weights);
        Array.Clear(_received);
        long outstanding = (long)m * n;
        for (int d = 0; outstanding > 0; d++)
        {
            // A correct array is done after Rows drain edges; the bound stops a broken one.
            if (d >= rows + 2)
                throw new ArrayProtocolFault($"tile {m}x{k}x{n}: outputs still missing after {d} drain cycles");
            _array.Step(new OutputStationaryInputs(_activations, _activationValid, _weights, _weightValid, drain: true));
            var sums = _array.PartialSumOut;
            var valid = _array.PartialSumOutValid;
            for (int c = 0; c < cols; c++)
            {
                if (!valid[c]) continue;
                if (c >= n || _received[c] >= m)
                    throw new ArrayProtocolFault($"tile {m}x{k}x{n}: column {c} emitted more than {(c >= n ? 0 : m)} sums");
                int row = m - 1 - _received[c]++;
                ref int acc = ref accumulators[row * n + c];
                acc = datapath.Add(acc, sums[c]);
                outstanding--;
            }
        }

        for (int c = 0; c < n; c++)
        {
            active += _array.MacsActive[c];
            gated += _array.MacsGated[c];
            repeated += _array.MacsRepeated[c];
        }
        return new TileStats(_array.Cycle - start, issued, active, gated, repeated);
    }
}
