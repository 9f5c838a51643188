using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>Thrown when a stimulus resets the array in the middle of a run: the run is abandoned, the array is empty.</summary>
internal sealed class StreamReset() : Exception("the stimulus reset the array mid-run");

/// <summary>
/// What constrained-random stimulus adds to the sequencer's inputs. Everything the protocol leaves free is random:
/// the operands of invalid lanes, the weights and bank while nothing loads, the 2:4 index and group buses outside
/// 2:4 mode (and act_in inside it), the bank bits of invalid lanes; a design that looks at any of them differs from
/// its model. And an armed reset: after a chosen number of edges the array (both sides of a lockstep pair) is reset
/// in the middle of whatever it was doing, and <see cref="StreamReset"/> abandons the run.
/// The weight-stationary array's functional cover points are sampled here too (<see cref="Coverage"/>), from the
/// inputs the sequencer drives and the model's registers after each edge.
/// </summary>
internal sealed class StimulusTap(IArrayOutputs inner, RtlConfig rtl, Random random) : ArrayTap(inner)
{
    private readonly SystolicArray? _model = (inner as LockstepCosimulator)?.Model;

    /// <summary>The functional coverage of the weight-stationary array, or null for the output-stationary one.</summary>
    public FunctionalCoverage? Coverage { get; } = rtl.OutputStationary ? null : new FunctionalCoverage(rtl);

    private readonly short[] _weights = new short[rtl.Cols], _activations = new short[rtl.Rows], _groups = new short[4 * rtl.Rows];
    private readonly short[] _osActivations = new short[rtl.Rows], _osWeights = new short[rtl.Cols];
    private readonly byte[] _indices = new byte[rtl.Cols];
    private readonly bool[] _banks = new bool[rtl.Rows];
    private PeArrayFeatures _features;
    private long _resetIn = -1;

    /// <summary>Resets the array after <paramref name="edges"/> more edges (if the run lasts that long).</summary>
    public void ResetAfter(long edges) => _resetIn = edges;

    /// <summary>Cancels an armed reset the run ended before.</summary>
    public void Disarm() => _resetIn = -1;

    public override void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        base.Configure(datapath, features);
        _features = features;
    }

    protected override void AfterEdge()
    {
        if (_model is not null) Coverage?.SamplePes(_model);
        if (_resetIn < 0 || --_resetIn > 0) return;
        _resetIn = -1;
        Inner.Reset();
        throw new StreamReset();
    }

    protected override PeArrayInputs Drive(in PeArrayInputs inputs)
    {
        bool structured = _features.Structured24;
        Coverage?.SampleEdge(_features, inputs.WeightLoadEnable, inputs.ActivationValid.Contains(true));
        for (int c = 0; c < rtl.Cols; c++)
        {
            _weights[c] = inputs.WeightLoadEnable ? inputs.WeightRow[c] : Operand();
            _indices[c] = structured && inputs.WeightLoadEnable ? inputs.WeightIndexRow[c] : (byte)random.Next(4);
        }
        for (int r = 0; r < rtl.Rows; r++)
        {
            bool valid = inputs.ActivationValid[r];
            _activations[r] = valid && !structured ? inputs.Activations[r] : Operand();
            for (int i = 4 * r; i < 4 * r + 4; i++) _groups[i] = valid && structured ? inputs.ActivationGroups[i] : Operand();
            _banks[r] = rtl.WeightBuffers == 2 && (valid ? !inputs.ActivationBank.IsEmpty && inputs.ActivationBank[r] : random.Next(2) == 0);
        }
        return new PeArrayInputs(inputs.WeightLoadEnable, _weights, _indices, _activations, inputs.ActivationValid, _groups)
        {
            WeightLoadBank = inputs.WeightLoadEnable ? inputs.WeightLoadBank : rtl.WeightBuffers == 2 && random.Next(2) == 0,
            ActivationBank = _banks,
        };
    }

    protected override OutputStationaryInputs Drive(in OutputStationaryInputs inputs)
    {
        for (int r = 0; r < rtl.Rows; r++) _osActivations[r] = inputs.ActivationValid[r] ? inputs.Activations[r] : Operand();
        for (int c = 0; c < rtl.Cols; c++) _osWeights[c] = inputs.WeightValid[c] ? inputs.Weights[c] : Operand();
        return new OutputStationaryInputs(_osActivations, inputs.ActivationValid, _osWeights, inputs.WeightValid, inputs.Drain);
    }

    private short Operand() => (short)random.Next(rtl.MinOperand, rtl.MaxOperand + 1);
}
