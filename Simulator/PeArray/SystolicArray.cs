namespace Sim.PeArray;

/// <summary>
/// Register-level model of the weight-stationary systolic PE array: Rows x Cols
/// <see cref="ProcessingElement"/>s, every register updated on every <see cref="Step"/> (one clock
/// edge). Rows is the reduction (K) dimension, Cols the output (N) dimension. It is written as the
/// RTL is: explicit input ports per cycle (<see cref="PeArrayInputs"/>), registered output ports
/// (<see cref="PartialSumOut"/>, <see cref="PartialSumOutValid"/>), so the two can be compared
/// cycle for cycle.
/// </summary>
/// <remarks>
/// Wiring, all taken from registers before the edge:
/// <list type="bullet">
/// <item>Weights: PE(0,c) takes weight_in[c], PE(r,c) takes W(r-1,c); shifts only under weight_load_enable.</item>
/// <item>Activations: PE(r,0) takes act_in[r], PE(r,c) takes A(r,c-1); always shifting right.</item>
/// <item>Partial sums: PE(0,c) takes 0, PE(r,c) takes P(r-1,c); always shifting down.
///   The sum's valid bit starts as the row-0 activation's valid bit and then follows the sum.</item>
/// <item>Outputs: the bottom row's P and its valid bit, for every column. The array does not know
///   the tile width, so columns beyond it emit valid (zero-weight) sums; the tile driver drops them.</item>
/// </list>
/// The activation and sum pipelines keep moving during weight load, as a free-running datapath
/// does; only the weight chain is gated.
/// <para>
/// Two weight buffers (<c>weight_buffers: 2</c>): each PE holds a second weight (and 2:4 index) register, a bank
/// with its own chain (weight_load_bank picks the chain that shifts), and a bank bit that enters with each
/// activation (act_bank_in) and travels right with it; the MAC uses the weight of the activation's bank. So the
/// next tile's weights shift in while the current tile streams, and tiles stream back to back
/// (<see cref="WeightPipeline"/>, <see cref="TileDriver.RunSequence"/>). With bank 0 only, it is the
/// single-buffered array.
/// </para>
/// <para>
/// Sparsity (<see cref="Features"/>, static mode inputs):
/// <list type="bullet">
/// <item>2:4 mode: each PE also holds a 2-bit weight index I, loaded down the column with its weight
///   (weight_index_in), and passes a 4-activation group register G to the right (act_group_in at column 0).
///   Its MAC multiplies G_in[I] (the index mux) by W; A latches G_in[I], the selected activation.</item>
/// <item>Depthwise mode (<see cref="PeArrayFeatures.DepthwiseWindow"/>): each PE takes its activation and its
///   valid bit from its column's window bus (act_window_in) rather than from its left neighbour.</item>
/// <item>int4 pairs (<see cref="PeArrayFeatures.Int4Pairs"/>): the operand registers hold two int4 values each
///   (<see cref="Int4Pair"/>), and the PE adds both products, each half a MAC slot gated and counted on its own.</item>
/// <item>Zero gating: when the selected activation or W is zero (integer 0, float ±0) the PE does not
///   multiply; P = psum_in, which equals psum_in + 0 x W in every datapath (see <see cref="Sim.Numerics.AccumulationOrder"/>).</item>
/// <item>Per-column counters (not architectural; for the energy model): every PE with a valid activation
///   counts one MAC as gated, or as active and, when its selected activation equals the one it latched on
///   the previous edge (with that one valid), as repeated.</item>
/// </list>
/// </para>
/// </remarks>
internal sealed class SystolicArray : IPeArray
{
    private ProcessingElement[] _current;
    private ProcessingElement[] _next;
    private readonly int[] _partialSumOut;
    private readonly bool[] _partialSumOutValid;
    private byte[] _index, _nextIndex;
    // The second weight bank (weight and 2:4 index) of every PE, and the bank bit travelling with each activation.
    private short[] _weight1, _nextWeight1;
    private byte[] _index1, _nextIndex1;
    private bool[] _bank, _nextBank;
    private short[] _group, _nextGroup;
    private readonly long[] _active, _gated, _repeated;

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>
    /// The MAC's operand and accumulator formats: a static configuration input of the array (a mode
    /// register written between tiles, not a per-cycle port). Default int8 x int8 -> int32.
    /// </summary>
    public PeDatapath Datapath { get; set; } = PeDatapath.Int8;

    /// <summary>Sparsity modes (zero gating, 2:4 index muxes); zero-vector skipping is the driver's.</summary>
    public PeArrayFeatures Features { get; set; }

    public void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        Datapath = datapath;
        Features = features;
    }

    /// <summary>Per column: MACs that multiplied since the last reset.</summary>
    public ReadOnlySpan<long> MacsActive => _active;

    /// <summary>Per column: MACs gated for a zero operand since the last reset.</summary>
    public ReadOnlySpan<long> MacsGated => _gated;

    /// <summary>Per column: active MACs whose selected activation repeated the previous cycle's.</summary>
    public ReadOnlySpan<long> MacsRepeated => _repeated;

    /// <summary>The 2-bit weight index register of PE(row, col) (2:4 mode).</summary>
    public byte WeightIndex(int row, int col) => _index[row * Cols + col];

    /// <summary>Clock edges since construction or the last <see cref="Reset"/>.</summary>
    public long Cycle { get; private set; }

    public SystolicArray(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        Rows = rows;
        Cols = cols;
        _current = new ProcessingElement[rows * cols];
        _next = new ProcessingElement[rows * cols];
        _partialSumOut = new int[cols];
        _partialSumOutValid = new bool[cols];
        _index = new byte[rows * cols];
        _nextIndex = new byte[rows * cols];
        _weight1 = new short[rows * cols];
        _nextWeight1 = new short[rows * cols];
        _index1 = new byte[rows * cols];
        _nextIndex1 = new byte[rows * cols];
        _bank = new bool[rows * cols];
        _nextBank = new bool[rows * cols];
        _group = new short[rows * cols * 4];
        _nextGroup = new short[rows * cols * 4];
        _active = new long[cols];
        _gated = new long[cols];
        _repeated = new long[cols];
    }

    /// <summary>psum_out[Cols]: P of the bottom PE row, as registered at the last edge.</summary>
    public ReadOnlySpan<int> PartialSumOut => _partialSumOut;

    /// <summary>psum_valid_out[Cols]: the valid bits travelling with <see cref="PartialSumOut"/>.</summary>
    public ReadOnlySpan<bool> PartialSumOutValid => _partialSumOutValid;

    /// <summary>The registers of PE(row, col), for inspection and cosimulation diffs.</summary>
    public ProcessingElement Element(int row, int col)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        ArgumentOutOfRangeException.ThrowIfNegative(col);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(col, Cols);
        return _current[row * Cols + col];
    }

    /// <summary>Synchronous reset: every register (weights included) and every valid bit to zero.</summary>
    public void Reset()
    {
        Array.Clear(_current);
        Array.Clear(_partialSumOut);
        Array.Clear(_partialSumOutValid);
        Array.Clear(_index);
        Array.Clear(_weight1);
        Array.Clear(_index1);
        Array.Clear(_bank);
        Array.Clear(_group);
        Array.Clear(_active);
        Array.Clear(_gated);
        Array.Clear(_repeated);
        Cycle = 0;
    }

    /// <summary>One clock edge: every PE's next state from the current states and the input ports.</summary>
    public void Step(in PeArrayInputs inputs)
    {
        inputs.CheckWidths(Rows, Cols);

        var features = Features;
        bool structured = features.Structured24;
        if (structured && (inputs.WeightIndexRow.Length != Cols || inputs.ActivationGroups.Length != 4 * Rows))
            throw new ArgumentException("2:4 mode needs weight_index_in[Cols] and act_group_in[Rows][4]");
        bool depthwise = features.DepthwiseWindow > 0;
        if (depthwise && (inputs.WindowActivations.Length != Rows * Cols || inputs.WindowValid.Length != Rows * Cols))
            throw new ArgumentException("depthwise mode needs act_window_in[Rows][Cols] and act_window_valid_in[Rows][Cols]");
        var current = _current;
        var next = _next;
        var index = _index;
        var nextIndex = _nextIndex;
        var group = _group;
        var nextGroup = _nextGroup;
        var weight1 = _weight1;
        var nextWeight1 = _nextWeight1;
        var index1 = _index1;
        var nextIndex1 = _nextIndex1;
        var bank = _bank;
        var nextBank = _nextBank;
        bool load0 = inputs.WeightLoadEnable && !inputs.WeightLoadBank, load1 = inputs.WeightLoadEnable && inputs.WeightLoadBank;
        var banksIn = inputs.ActivationBank;
        int cols = Cols;
        var datapath = Datapath;
        bool gating = features.ZeroGating, pairs = features.Int4Pairs;
        for (int r = 0; r < Rows; r++)
        {
            int rowBase = r * cols;
            for (int c = 0; c < cols; c++)
            {
                int i = rowBase + c;
                ref readonly var pe = ref current[i];
                short weightIn = r == 0 ? inputs.WeightRow[c] : current[i - cols].Weight;

                short activationIn;
                bool activationValidIn, bankIn;
                if (c == 0)
                {
                    activationIn = inputs.Activations[r];
                    activationValidIn = inputs.ActivationValid[r];
                    bankIn = !banksIn.IsEmpty && banksIn[r];
                }
                else
                {
                    ref readonly var left = ref current[i - 1];
                    activationIn = left.Activation;
                    activationValidIn = left.ActivationValid;
                    bankIn = bank[i - 1];
                }
                if (depthwise)
                {
                    // The window bus replaces the horizontal activation path; the bank bit still travels right.
                    activationIn = inputs.WindowActivations[i];
                    activationValidIn = inputs.WindowValid[i];
                }
                nextBank[i] = bankIn;
                nextWeight1[i] = load1 ? (r == 0 ? inputs.WeightRow[c] : weight1[i - cols]) : weight1[i];
#if SIM_MUTANT_MODEL_LOAD_BYPASS
                short weight = bankIn ? weight1[i] : load0 ? weightIn : pe.Weight;
#else
                short weight = bankIn ? weight1[i] : pe.Weight;
#endif

                int partialSumIn;
                bool partialSumValidIn;
                if (r == 0)
                {
                    partialSumIn = 0;
                    partialSumValidIn = activationValidIn;
                }
                else
                {
                    ref readonly var above = ref current[i - cols];
                    partialSumIn = above.PartialSum;
                    partialSumValidIn = above.PartialSumValid;
                }

                short selected = activationIn;
                if (structured)
                {
                    var groupIn = c == 0 ? inputs.ActivationGroups.Slice(4 * r, 4) : group.AsSpan(4 * (i - 1), 4);
                    selected = groupIn[bankIn ? index1[i] : index[i]];
                    groupIn.CopyTo(nextGroup.AsSpan(4 * i, 4));
                    nextIndex[i] = load0 ? (r == 0 ? inputs.WeightIndexRow[c] : index[i - cols]) : index[i];
                    nextIndex1[i] = load1 ? (r == 0 ? inputs.WeightIndexRow[c] : index1[i - cols]) : index1[i];
                }

                int sum = partialSumIn;
                if (activationValidIn)
                {
                    // Counted within a tile: consecutive tiles use different banks.
                    bool sameTile = pe.ActivationValid && bank[i] == bankIn;
                    if (pairs)
                        for (int h = 0; h < 2; h++)
                            sum = Multiply(c, datapath, gating, sum, Int4Pair.Half(selected, h), Int4Pair.Half(weight, h),
                                sameTile && Int4Pair.Half(pe.Activation, h) == Int4Pair.Half(selected, h));
                    else
                        sum = Multiply(c, datapath, gating, sum, selected, weight, sameTile && pe.Activation == selected);
                }

                next[i] = new ProcessingElement(
                    load0 ? weightIn : pe.Weight,
                    selected,
                    activationValidIn,
                    sum,
                    partialSumValidIn);
            }
        }

        if (structured)
        {
            _index = nextIndex;
            _nextIndex = index;
            _index1 = nextIndex1;
            _nextIndex1 = index1;
            _group = nextGroup;
            _nextGroup = group;
        }
        _weight1 = nextWeight1;
        _nextWeight1 = weight1;
        _bank = nextBank;
        _nextBank = bank;
        _current = next;
        _next = current;
        Cycle++;

        int bottom = (Rows - 1) * cols;
        for (int c = 0; c < cols; c++)
        {
            _partialSumOut[c] = next[bottom + c].PartialSum;
            _partialSumOutValid[c] = next[bottom + c].PartialSumValid;
        }
    }

    /// <summary>One MAC slot of column <paramref name="c"/>: gated on a zero operand, else counted (and as repeated) and added.</summary>
    private int Multiply(int c, in PeDatapath datapath, bool gating, int sum, short activation, short weight, bool repeated)
    {
#if SIM_MUTANT_MODEL_GATE_ACT_ONLY
        if (gating && datapath.IsZero(activation))
#else
        if (gating && (datapath.IsZero(activation) || datapath.IsZero(weight)))
#endif
        {
            _gated[c]++;
            return sum;
        }
        _active[c]++;
        if (repeated) _repeated[c]++;
        return datapath.Mac(sum, activation, weight);
    }
}
