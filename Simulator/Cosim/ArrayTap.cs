using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// An array's ports passed through, either kind (weight- or output-stationary), with a hook before and after each
/// edge: what a replay that traces a window of cycles, or a stimulus that resets mid-stream, puts between a
/// sequencer and the array it drives.
/// </summary>
internal abstract class ArrayTap(IArrayOutputs inner) : IPeArray, IOutputStationaryArray
{
    protected IArrayOutputs Inner { get; } = inner;

    public int Rows => Inner.Rows;
    public int Cols => Inner.Cols;
    public long Cycle => Inner.Cycle;
    public ReadOnlySpan<int> PartialSumOut => Inner.PartialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => Inner.PartialSumOutValid;
    public ReadOnlySpan<long> MacsActive => Inner.MacsActive;
    public ReadOnlySpan<long> MacsGated => Inner.MacsGated;
    public ReadOnlySpan<long> MacsRepeated => Inner.MacsRepeated;
    public virtual void Reset() => Inner.Reset();
    public virtual void Configure(in PeDatapath datapath, in PeArrayFeatures features) => Inner.Configure(datapath, features);

    public void Step(in PeArrayInputs inputs)
    {
        BeforeEdge();
        ((IPeArray)Inner).Step(Drive(inputs));
        AfterEdge();
    }

    public void Step(in OutputStationaryInputs inputs)
    {
        BeforeEdge();
        ((IOutputStationaryArray)Inner).Step(Drive(inputs));
        AfterEdge();
    }

    /// <summary>The weight-stationary inputs the array gets for the sequencer's: the same, unless a tap changes what the protocol leaves free.</summary>
    protected virtual PeArrayInputs Drive(in PeArrayInputs inputs) => inputs;

    /// <summary>The output-stationary inputs the array gets for the sequencer's.</summary>
    protected virtual OutputStationaryInputs Drive(in OutputStationaryInputs inputs) => inputs;

    protected virtual void BeforeEdge()
    {
    }

    protected virtual void AfterEdge()
    {
    }
}
