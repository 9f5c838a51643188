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
/// </remarks>
public sealed class SystolicArray
{
    private ProcessingElement[] _current;
    private ProcessingElement[] _next;
    private readonly int[] _partialSumOut;
    private readonly bool[] _partialSumOutValid;

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>
    /// The MAC's operand and accumulator formats: a static configuration input of the array (a mode
    /// register written between tiles, not a per-cycle port). Default int8 x int8 -> int32.
    /// </summary>
    public PeDatapath Datapath { get; set; } = PeDatapath.Int8;

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
        Cycle = 0;
    }

    /// <summary>One clock edge: every PE's next state from the current states and the input ports.</summary>
    public void Step(in PeArrayInputs inputs)
    {
        if (inputs.WeightRow.Length != Cols)
            throw new ArgumentException($"weight row has {inputs.WeightRow.Length} values, the array has {Cols} columns");
        if (inputs.Activations.Length != Rows || inputs.ActivationValid.Length != Rows)
            throw new ArgumentException(
                $"activation ports have {inputs.Activations.Length} values and {inputs.ActivationValid.Length} valid bits, the array has {Rows} rows");

        var current = _current;
        var next = _next;
        int cols = Cols;
        var datapath = Datapath;
        for (int r = 0; r < Rows; r++)
        {
            int rowBase = r * cols;
            for (int c = 0; c < cols; c++)
            {
                short weightIn = r == 0 ? inputs.WeightRow[c] : current[rowBase - cols + c].Weight;

                short activationIn;
                bool activationValidIn;
                if (c == 0)
                {
                    activationIn = inputs.Activations[r];
                    activationValidIn = inputs.ActivationValid[r];
                }
                else
                {
                    ref readonly var left = ref current[rowBase + c - 1];
                    activationIn = left.Activation;
                    activationValidIn = left.ActivationValid;
                }

                int partialSumIn;
                bool partialSumValidIn;
                if (r == 0)
                {
                    partialSumIn = 0;
                    partialSumValidIn = activationValidIn;
                }
                else
                {
                    ref readonly var above = ref current[rowBase - cols + c];
                    partialSumIn = above.PartialSum;
                    partialSumValidIn = above.PartialSumValid;
                }

                next[rowBase + c] = current[rowBase + c].Clock(
                    datapath, inputs.WeightLoadEnable, weightIn, activationIn, activationValidIn, partialSumIn, partialSumValidIn);
            }
        }

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
}
