namespace Sim.PeArray;

/// <summary>
/// Runs one weight-stationary tile on a PE array through its ports only: weight load, skewed
/// activation stream, output collection. On the register-level <see cref="SystolicArray"/> this is
/// the reference the fast <see cref="TileModel"/> must match in both numbers and cycles; on the
/// Verilated RTL it is the same protocol, so RTL and models are held to the same tile.
/// </summary>
internal sealed class TileDriver
{
    private readonly IPeArray _array;
    private readonly short[] _weightRow;
    private readonly short[] _activations;
    private readonly bool[] _activationValid;
    private readonly int[] _received;
    private readonly byte[] _indexRow;
    private readonly short[] _groups;
    private readonly short[] _window;
    private readonly bool[] _windowValid;
    private readonly short[] _compressed;
    private readonly byte[] _indices;
    private int[] _streamed = new int[64];
    private PeDatapath _datapath = PeDatapath.Int8;
    private PeArrayFeatures _features;

    /// <summary>The schedule of the last <see cref="RunSequence"/>, or null before one.</summary>
    public SequenceSchedule? LastSchedule { get; private set; }

    public TileDriver(IPeArray array)
    {
        _array = array;
        _weightRow = new short[array.Cols];
        _activations = new short[array.Rows];
        _activationValid = new bool[array.Rows];
        _received = new int[array.Cols];
        _indexRow = new byte[array.Cols];
        _groups = new short[4 * array.Rows];
        _window = new short[array.Rows * array.Cols];
        _windowValid = new bool[array.Rows * array.Cols];
        _compressed = new short[array.Rows * array.Cols];
        _indices = new byte[array.Rows * array.Cols];
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
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n) =>
        Run(PeArrayFeatures.None, datapath, activations, weights, accumulators, m, k, n).Cycles;

    /// <summary>
    /// As the other overloads, with the sparsity features on: the sequencer skips all-zero vectors (when
    /// <see cref="PeArrayFeatures.SkipZeroVectors"/>; none issued means no weight load and 0 cycles), the
    /// weight loader compresses 2:4 weights into 2 x ceil(K_t / 4) rows with indices and streams activation
    /// groups (when <see cref="PeArrayFeatures.Structured24"/>, K_t up to 2R), the array gates zero operands.
    /// Returns the cycles and the MAC counts of the tile's columns.
    /// </summary>
    /// <remarks>
    /// Port-level protocol of zero-vector skipping, as the RTL sequencer implements it: when it reads
    /// vector m (K_t operands) from the input scratchpad, an OR over the operands' non-zero bits decides
    /// whether to issue it. An issued vector takes the next stream slot (rows still skewed one cycle per
    /// row) and its index m is pushed into a tag FIFO; a skipped one takes no slot. The output stage pops
    /// the tag FIFO (one per column, in order) to know which accumulator row each column's next valid
    /// psum belongs to. A skipped vector's accumulators are left as they are, which is what adding its
    /// all-zero column sums would give.
    /// </remarks>
    public TileStats Run(in PeArrayFeatures features, in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n)
    {
        _datapath = datapath;
        _features = features;
        int usedRows = features.UsedRows(k);
        TileShape.Validate(_array.Rows, _array.Cols, m, usedRows, n);
        features.ValidateDepthwiseTile(k, n);
        TileShape.ValidateBuffers(activations, weights, accumulators, m, k, n);
        if (_streamed.Length < m) _streamed = new int[Math.Max(m, 2 * _streamed.Length)];
        int streamed = TileModel.StreamedVectors(features, datapath, activations, m, k, _streamed);
        if (streamed == 0)
            return default;
        if (features.Structured24)
        {
            Structured24.Compress(datapath.Operands, weights, k, n, _compressed, _indices);
            weights = _compressed.AsSpan(0, usedRows * n);
        }
        else if (features.DepthwiseWindow > 0)
        {
            Fold(features.DepthwiseWindow, weights, n, _compressed);
            weights = _compressed.AsSpan(0, usedRows * n);
        }
        else if (features.Int4Pairs)
        {
            Pair(weights, k, n, _compressed);
            weights = _compressed.AsSpan(0, usedRows * n);
        }

        _array.Reset();
        _array.Configure(datapath, features);
        System.Array.Clear(_activations);
        System.Array.Clear(_activationValid);
        System.Array.Clear(_groups);
        System.Array.Clear(_windowValid);
        LoadWeights(weights, usedRows, n);
        Stream(activations, accumulators, streamed, k, n, usedRows);

        long active = 0, gated = 0, repeated = 0;
        for (int c = 0; c < n; c++)
        {
            active += _array.MacsActive[c];
            gated += _array.MacsGated[c];
            repeated += _array.MacsRepeated[c];
        }
        return new TileStats(_array.Cycle, streamed, active, gated, repeated);
    }

    /// <summary>
    /// Runs <paramref name="tiles"/> back to back, scheduled by <see cref="WeightPipeline"/> (the sequencer) for an
    /// array of <paramref name="weightBuffers"/> weight buffers per PE: each tile's weights shift into its bank
    /// (alternating with two) while earlier tiles stream, and its vectors stream with that bank on act_bank_in.
    /// Each column emits every tile's sums in order; the driver counts them into the tiles' accumulators, and once
    /// every column has emitted its last sum (those of columns past a tile's N_t are dropped) the run ends with the
    /// array empty. From a reset array, or (<paramref name="fromReset"/> false) from wherever the last run left it,
    /// with the mode inputs set anew between the two runs as the sequencer sets them between layers. Returns per
    /// tile the vectors it streamed and, as its cycles, the edges by which its last output moved the run's end
    /// (measured at the output port, not taken from the schedule). Its MACs are the array's column counters over
    /// the run (tiles overlap in the array, so they are not split per tile). <see cref="LastSchedule"/> keeps the
    /// run's schedule, to name the tiles in flight at a cycle.
    /// </summary>
    public TileStats[] RunSequence(in PeArrayFeatures features, in PeDatapath datapath, IReadOnlyList<TileJob> tiles,
        int weightBuffers = 2, bool fromReset = true)
    {
        _datapath = datapath;
        _features = features;
        int rows = _array.Rows, cols = _array.Cols;
        int count = tiles.Count;
        var streamed = new int[count][];
        var slots = new WeightPipeline.Slot[count];
        var used = new int[count];
        var weights = new short[count][];
        var indices = new byte[count][];
        var pipeline = new WeightPipeline(rows, cols, weightBuffers);
        var order = new List<int>(count);
        for (int j = 0; j < count; j++)
        {
            var t = tiles[j];
            used[j] = features.UsedRows(t.K);
            TileShape.Validate(rows, cols, t.M, used[j], t.N);
            features.ValidateDepthwiseTile(t.K, t.N);
            TileShape.ValidateBuffers(t.Activations, t.Weights, t.Accumulators, t.M, t.K, t.N);
            streamed[j] = new int[t.M];
            int issued = TileModel.StreamedVectors(features, datapath, t.Activations, t.M, t.K, streamed[j]);
            Array.Resize(ref streamed[j], issued);
            if (issued == 0) continue;
            weights[j] = t.Weights;
            if (features.Structured24)
            {
                weights[j] = new short[used[j] * t.N];
                indices[j] = new byte[used[j] * t.N];
                Structured24.Compress(datapath.Operands, t.Weights, t.K, t.N, weights[j], indices[j]);
            }
            else if (features.DepthwiseWindow > 0)
            {
                weights[j] = new short[used[j] * t.N];
                Fold(features.DepthwiseWindow, t.Weights, t.N, weights[j]);
            }
            else if (features.Int4Pairs)
            {
                weights[j] = new short[used[j] * t.N];
                Pair(t.Weights, t.K, t.N, weights[j]);
            }
            slots[j] = pipeline.Next(issued, used[j], t.N);
            order.Add(j);
        }

        var stats = new TileStats[count];
        if (fromReset) _array.Reset();
        _array.Configure(datapath, features);
        long start = _array.Cycle;
        LastSchedule = new SequenceSchedule(start, order.Select(j => (j, slots[j])).ToArray());
        if (order.Count == 0) return stats;
        var banks = new bool[rows];
        var ends = new long[count];
        var outstanding = new long[count];
        foreach (int j in order) outstanding[j] = (long)streamed[j].Length * tiles[j].N;
        long remaining = outstanding.Sum();
        // Every column emits a sum for every streamed vector, the tile's N_t columns and the rest alike.
        long columnSums = order.Sum(j => (long)streamed[j].Length) * cols;
        // A correct array is done by the last tile's scheduled end and the drain of its last column; the bound
        // stops a broken one.
        long limit = slots[order[^1]].End + rows + 2 * cols + 2;
        // Per column: the tile (its place in the run) whose sums it is emitting, and how many of them it has emitted.
        var tileOfColumn = new int[cols];
        var slotOfColumn = new int[cols];
        // Tiles are scheduled in order, so the ones driving the ports at an edge are a window of the run: from
        // the first not yet through the array to the last whose load has begun.
        int first = 0;
        for (long edge = 0; columnSums > 0; edge++)
        {
            if (edge >= limit)
                throw new ArrayProtocolFault(remaining > 0
                    ? $"a run of {order.Count} tiles: outputs still missing after {edge} cycles"
                    : $"a run of {order.Count} tiles: columns still draining after {edge} cycles");
            // A tile drives the ports until its last vector has entered its last row (and, on the window bus, its last column).
            while (first < order.Count && edge >= slots[order[first]].LoadStart + rows
                   && edge >= slots[order[first]].StreamStart + streamed[order[first]].Length + rows + cols)
                first++;
            int last = first;
            while (last < order.Count && slots[order[last]].LoadStart <= edge) last++;
            bool load = false, loadBank = false;
            System.Array.Clear(_weightRow);
            System.Array.Clear(_indexRow);
            for (int p = first; p < last; p++)
            {
                int j = order[p];
                long t = edge - slots[j].LoadStart;
                if (t < 0 || t >= rows) continue;
                (load, loadBank) = (true, slots[j].Bank);
                int weightRow = rows - 1 - (int)t;
                if (weightRow < used[j])
                {
                    weights[j].AsSpan(weightRow * tiles[j].N, tiles[j].N).CopyTo(_weightRow);
                    if (features.Structured24) indices[j].AsSpan(weightRow * tiles[j].N, tiles[j].N).CopyTo(_indexRow);
                }
            }
            if (features.DepthwiseWindow > 0)
            {
                System.Array.Clear(_windowValid);
                for (int p = first; p < last; p++)
                {
                    int j = order[p];
                    FillWindows(edge, tiles[j].Activations, streamed[j], slots[j].StreamStart, streamed[j].Length, tiles[j].K, tiles[j].N, used[j]);
                }
            }
            for (int row = 0; row < rows; row++)
            {
                _activationValid[row] = false;
                _activations[row] = 0;
                banks[row] = false;
                for (int i = 4 * row; i < 4 * row + 4; i++) _groups[i] = 0;
                for (int p = first; p < last; p++)
                {
                    int j = order[p];
                    long slot = edge - slots[j].StreamStart - row;
                    if (row >= used[j] || slot < 0 || slot >= streamed[j].Length) continue;
                    var a = tiles[j].Activations;
                    int k = tiles[j].K, vector = streamed[j][slot];
                    _activationValid[row] = true;
                    banks[row] = slots[j].Bank;
                    if (!features.Structured24)
                    {
                        _activations[row] = ActivationFor(a, vector, k, row);
                        continue;
                    }
                    int k0 = 4 * (row / 2);
                    for (int i = 0; i < 4; i++) _groups[4 * row + i] = k0 + i < k ? a[vector * k + k0 + i] : (short)0;
                }
            }
            _array.Step(Ports(load) with { WeightLoadBank = loadBank, ActivationBank = banks });

            var sums = _array.PartialSumOut;
            var sumValid = _array.PartialSumOutValid;
            for (int c = 0; c < cols; c++)
            {
                if (!sumValid[c]) continue;
                // Column c's sums arrive tile by tile, each tile's in its stream order.
                while (tileOfColumn[c] < order.Count && slotOfColumn[c] >= streamed[order[tileOfColumn[c]]].Length)
                {
                    tileOfColumn[c]++;
                    slotOfColumn[c] = 0;
                }
                if (tileOfColumn[c] >= order.Count)
                    throw new ArrayProtocolFault($"a run of {order.Count} tiles: column {c} emitted more sums than were streamed");
                int j = order[tileOfColumn[c]];
                int s = slotOfColumn[c]++;
                columnSums--;
                if (c >= tiles[j].N) continue;
                ref int acc = ref tiles[j].Accumulators[streamed[j][s] * tiles[j].N + c];
                acc = _datapath.Add(acc, sums[c]);
                if (--outstanding[j] == 0) ends[j] = _array.Cycle - start;
                remaining--;
            }
        }

        long end = 0;
        foreach (int j in order)
        {
            long previous = end;
            end = Math.Max(end, ends[j]);
            stats[j] = new TileStats(end - previous, streamed[j].Length, 0, 0, 0);
        }
        return stats;
    }

    /// <summary>
    /// Rows edges with weight_load_enable: the vector entered at load cycle t ends in PE row Rows-1-t,
    /// so weight row Rows-1 goes first. Rows and columns outside the tile are zero, and the whole
    /// column is always shifted so no stale weight of a previous tile survives.
    /// </summary>
    private void LoadWeights(ReadOnlySpan<short> weights, int k, int n)
    {
        bool structured = _features.Structured24;
        for (int t = 0; t < _array.Rows; t++)
        {
            int weightRow = _array.Rows - 1 - t;
            System.Array.Clear(_weightRow);
            System.Array.Clear(_indexRow);
            if (weightRow < k)
            {
                weights.Slice(weightRow * n, n).CopyTo(_weightRow);
                if (structured) _indices.AsSpan(weightRow * n, n).CopyTo(_indexRow);
            }
            _array.Step(Ports(true));
        }
    }

    private PeArrayInputs Ports(bool load) => _features.Structured24
        ? new PeArrayInputs(load, _weightRow, _indexRow, _activations, _activationValid, _groups)
        : _features.DepthwiseWindow > 0
            ? new PeArrayInputs(load, _weightRow, _activations, _activationValid) { WindowActivations = _window, WindowValid = _windowValid }
            : new PeArrayInputs(load, _weightRow, _activations, _activationValid);

    /// <summary>The activation entering PE row <paramref name="row"/> for a vector: its K row, or with int4 pairs K rows 2 row and 2 row + 1 packed.</summary>
    private short ActivationFor(ReadOnlySpan<short> a, int vector, int k, int row)
    {
        if (!_features.Int4Pairs) return a[vector * k + row];
        int p = 2 * row;
        return Int4Pair.Pack(a[vector * k + p], p + 1 < k ? a[vector * k + p + 1] : (short)0);
    }

    /// <summary>K_t x N_t int4 weights as ceil(K_t / 2) rows of pairs: PE row r holds K rows 2r and 2r + 1 (zero past K_t).</summary>
    private static void Pair(ReadOnlySpan<short> weights, int k, int n, Span<short> paired)
    {
        for (int r = 0; 2 * r < k; r++)
            for (int c = 0; c < n; c++)
                paired[r * n + c] = Int4Pair.Pack(weights[2 * r * n + c], 2 * r + 1 < k ? weights[(2 * r + 1) * n + c] : (short)0);
    }

    /// <summary>
    /// A depthwise tile's block-diagonal K_t x N_t weights folded onto its window rows: PE(r, c) holds K row
    /// w x c + r of column c, its channel's tap r.
    /// </summary>
    private static void Fold(int window, ReadOnlySpan<short> weights, int n, Span<short> folded)
    {
        for (int r = 0; r < window; r++)
            for (int c = 0; c < n; c++)
                folded[r * n + c] = weights[(window * c + r) * n + c];
    }

    /// <summary>
    /// Drives the window bus at edge <paramref name="edge"/> of a stream starting at <paramref name="start"/>: lane r
    /// of column c carries K row w x c + r of the vector that reaches PE(r, c) then, vector slot edge - start - r - c,
    /// as it would arrive from the left; the other lanes are idle.
    /// </summary>
    private void FillWindows(long edge, ReadOnlySpan<short> activations, ReadOnlySpan<int> streamed, long start, int count, int k, int n, int usedRows)
    {
        int cols = _array.Cols, window = _features.DepthwiseWindow;
        for (int r = 0; r < usedRows; r++)
            for (int c = 0; c < n; c++)
            {
                long slot = edge - start - r - c;
                if (slot < 0 || slot >= count) continue;
                _windowValid[r * cols + c] = true;
                _window[r * cols + c] = activations[streamed[(int)slot] * k + window * c + r];
            }
    }

    /// <summary>
    /// Feeds a[mi][ki] to PE row ki at stream cycle mi + ki (the skew that makes vector mi's
    /// activations meet its partial sum as it walks down), and collects each column's valid outputs
    /// in arrival order: column c emits y[0][c], y[1][c], ... on consecutive valid cycles.
    /// </summary>
    private void Stream(ReadOnlySpan<short> activations, Span<int> accumulators, int m, int k, int n, int usedRows)
    {
        bool structured = _features.Structured24;
        int rows = _array.Rows;
        // A correct array finishes after 2*Rows + M + N_t - 2 cycles in total; the bound only stops a
        // broken one from looping forever, and is deliberately looser than that formula.
        long streamCycleLimit = 2L * rows + m + _array.Cols + 2;
        System.Array.Clear(_received);
        long outstanding = (long)m * n;

        for (long s = 0; outstanding > 0; s++)
        {
            if (s >= streamCycleLimit)
                throw new ArrayProtocolFault($"tile {m}x{k}x{n}: outputs still missing after {s} stream cycles");

            if (_features.DepthwiseWindow > 0)
            {
                System.Array.Clear(_windowValid);
                FillWindows(s, activations, _streamed, 0, m, k, n, usedRows);
            }
            for (int row = 0; row < usedRows && _features.DepthwiseWindow == 0; row++)
            {
                long slot = s - row;
                bool valid = slot >= 0 && slot < m;
                int vector = valid ? _streamed[slot] : 0;
                _activationValid[row] = valid;
                if (!structured)
                {
                    _activations[row] = valid ? ActivationFor(activations, vector, k, row) : (short)0;
                    continue;
                }
                int k0 = 4 * (row / 2);
                for (int i = 0; i < 4; i++)
                    _groups[4 * row + i] = valid && k0 + i < k ? activations[vector * k + k0 + i] : (short)0;
            }
            _array.Step(Ports(false));

            var sums = _array.PartialSumOut;
            var sumValid = _array.PartialSumOutValid;
            for (int c = 0; c < n; c++)
            {
                if (!sumValid[c])
                    continue;
                int slot = _received[c]++;
                if (slot >= m)
                    throw new ArrayProtocolFault($"tile {m}x{k}x{n}: column {c} emitted more than {m} outputs");
                ref int acc = ref accumulators[_streamed[slot] * n + c];
                acc = _datapath.Add(acc, sums[c]);
                outstanding--;
            }
        }
    }
}
