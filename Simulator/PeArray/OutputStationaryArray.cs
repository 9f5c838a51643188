namespace Sim.PeArray;

/// <summary>
/// Register-level model of the output-stationary PE array: Rows x Cols PEs, each holding one output's
/// accumulator. Rows are output rows of the tile (M), columns output columns (N); K streams through in time.
/// Written as the RTL is: explicit ports per cycle, every register updated on every <see cref="Step"/>.
/// </summary>
/// <remarks>
/// Wiring, all taken from registers before the edge:
/// <list type="bullet">
/// <item>Activations: PE(r,0) takes act_in[r], PE(r,c) takes A(r,c-1): moving right one PE a cycle.</item>
/// <item>Weights: PE(0,c) takes weight_in[c], PE(r,c) takes W(r-1,c): moving down one PE a cycle.</item>
/// <item>MAC: when the incoming activation and weight are both valid, Acc = Acc + A_in x W_in in the datapath's
///   formats (zero gating: Acc unchanged when either is zero, counted as gated), and the accumulator's valid bit
///   is set. Skewing row r's activations by r cycles and column c's weights by c makes a[r][k] meet w[k][c] in
///   PE(r,c) at edge k + r + c, so each PE adds its dot product in K order, starting from +0.</item>
/// <item>Drain: Acc(r,c) takes Acc(r-1,c) (row 0 takes +0 and clears its valid bit), and psum_out[c] takes the
///   bottom row's Acc with its valid bit; psum_valid_out is clear on every other edge.</item>
/// </list>
/// Counters (not architectural; for the energy model) count as <see cref="SystolicArray"/>'s do: a PE with a valid
/// operand pair counts a gated or an active MAC, and a repeated one when the activation equals the one it latched
/// on the previous edge (that one valid).
/// </remarks>
internal sealed class OutputStationaryArray : IOutputStationaryArray
{
    private short[] _activation, _nextActivation, _weight, _nextWeight;
    private bool[] _activationValid, _nextActivationValid, _weightValid, _nextWeightValid;
    private int[] _acc, _nextAcc;
    private bool[] _accValid, _nextAccValid;
    private readonly int[] _partialSumOut;
    private readonly bool[] _partialSumOutValid;
    private readonly long[] _active, _gated, _repeated;
    private PeDatapath _datapath = PeDatapath.Int8;
    private bool _gating;

    public int Rows { get; }
    public int Cols { get; }
    public long Cycle { get; private set; }
    public ReadOnlySpan<int> PartialSumOut => _partialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => _partialSumOutValid;
    public ReadOnlySpan<long> MacsActive => _active;
    public ReadOnlySpan<long> MacsGated => _gated;
    public ReadOnlySpan<long> MacsRepeated => _repeated;

    public OutputStationaryArray(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        Rows = rows;
        Cols = cols;
        int pes = rows * cols;
        (_activation, _nextActivation, _weight, _nextWeight) = (new short[pes], new short[pes], new short[pes], new short[pes]);
        (_activationValid, _nextActivationValid) = (new bool[pes], new bool[pes]);
        (_weightValid, _nextWeightValid) = (new bool[pes], new bool[pes]);
        (_acc, _nextAcc, _accValid, _nextAccValid) = (new int[pes], new int[pes], new bool[pes], new bool[pes]);
        _partialSumOut = new int[cols];
        _partialSumOutValid = new bool[cols];
        _active = new long[cols];
        _gated = new long[cols];
        _repeated = new long[cols];
    }

    /// <summary>The accumulator of PE(row, col) and its valid bit, for inspection and cosimulation diffs.</summary>
    public (int Sum, bool Valid) Accumulator(int row, int col) => (_acc[row * Cols + col], _accValid[row * Cols + col]);

    public void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        if (features.Structured24)
            throw new ArgumentException("the output-stationary array streams its weights: it has no 2:4 index muxes");
        _datapath = datapath;
        _gating = features.ZeroGating;
    }

    public void Reset()
    {
        foreach (var a in new Array[] { _activation, _weight, _activationValid, _weightValid, _acc, _accValid, _partialSumOut, _partialSumOutValid, _active, _gated, _repeated })
            Array.Clear(a);
        Cycle = 0;
    }

    public void Step(in OutputStationaryInputs inputs)
    {
        inputs.CheckWidths(Rows, Cols);
        int cols = Cols;
        var datapath = _datapath;
        bool drain = inputs.Drain;
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int i = r * cols + c;
                short a = c == 0 ? inputs.Activations[r] : _activation[i - 1];
                bool aValid = c == 0 ? inputs.ActivationValid[r] : _activationValid[i - 1];
                short w = r == 0 ? inputs.Weights[c] : _weight[i - cols];
                bool wValid = r == 0 ? inputs.WeightValid[c] : _weightValid[i - cols];
                _nextActivation[i] = a;
                _nextActivationValid[i] = aValid;
                _nextWeight[i] = w;
                _nextWeightValid[i] = wValid;

                if (drain)
                {
#if SIM_MUTANT_MODEL_OS_TOP_KEEPS
                    _nextAcc[i] = r == 0 ? _acc[i] : _acc[i - cols];
#else
                    _nextAcc[i] = r == 0 ? 0 : _acc[i - cols];
#endif
                    _nextAccValid[i] = r != 0 && _accValid[i - cols];
                    continue;
                }
                int acc = _acc[i];
                bool accValid = _accValid[i];
                if (aValid && wValid)
                {
                    accValid = true;
                    if (_gating && (datapath.IsZero(a) || datapath.IsZero(w)))
                    {
                        _gated[c]++;
                    }
                    else
                    {
                        _active[c]++;
                        if (_activationValid[i] && _activation[i] == a) _repeated[c]++;
                        acc = datapath.Mac(acc, a, w);
                    }
                }
                _nextAcc[i] = acc;
                _nextAccValid[i] = accValid;
            }

        int bottom = (Rows - 1) * cols;
        for (int c = 0; c < cols; c++)
        {
            _partialSumOut[c] = drain ? _acc[bottom + c] : 0;
            _partialSumOutValid[c] = drain && _accValid[bottom + c];
        }
        (_activation, _nextActivation) = (_nextActivation, _activation);
        (_activationValid, _nextActivationValid) = (_nextActivationValid, _activationValid);
        (_weight, _nextWeight) = (_nextWeight, _weight);
        (_weightValid, _nextWeightValid) = (_nextWeightValid, _weightValid);
        (_acc, _nextAcc) = (_nextAcc, _acc);
        (_accValid, _nextAccValid) = (_nextAccValid, _accValid);
        Cycle++;
    }
}
