using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// A Verilated array and its register-level model stepped together: what both lockstep cosimulators share. The
/// pair shows the model's outputs at its ports (the RTL's are compared with them every edge by the subclass), resets
/// and configures both, and records each edge's inputs so a divergence's waveform can be replayed.
/// </summary>
internal abstract class LockstepPair<TReference, TRtl>(TReference reference, TRtl rtl, string? waveformDirectory) : IArrayOutputs, IDisposable
    where TReference : IArrayOutputs
    where TRtl : RtlArray
{
    protected TReference Reference { get; } = reference;
    protected TRtl Rtl { get; } = rtl;

    /// <summary>Where a divergence's VCD goes; null writes none.</summary>
    protected string? WaveformDirectory { get; } = waveformDirectory;

    /// <summary>
    /// Whether each edge's inputs are recorded: only when a waveform is to be written, as the recording grows by a few
    /// hundred bytes an edge and a whole scenario runs millions of them.
    /// </summary>
    protected bool Records => WaveformDirectory is not null;

    /// <summary>Each edge's one-bit inputs and operand inputs, in the order the subclass's replay reads them.</summary>
    protected List<bool> RecordedFlags { get; } = [];
    protected List<short> RecordedValues { get; } = [];

    public RtlConfig Config => Rtl.Config;

    /// <summary>The register-level model, whose registers a functional-coverage sample reads (the RTL's equal them).</summary>
    public TReference Model => Reference;

    /// <summary>The Verilated array, whose line and toggle coverage a coverage build counts.</summary>
    public RtlArray Verilated => Rtl;
    public int Rows => Reference.Rows;
    public int Cols => Reference.Cols;
    public long Cycle => Reference.Cycle;
    public ReadOnlySpan<int> PartialSumOut => Reference.PartialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => Reference.PartialSumOutValid;
    public ReadOnlySpan<long> MacsActive => Reference.MacsActive;
    public ReadOnlySpan<long> MacsGated => Reference.MacsGated;
    public ReadOnlySpan<long> MacsRepeated => Reference.MacsRepeated;

    public virtual void Reset()
    {
        Reference.Reset();
        Rtl.Reset();
        RecordedFlags.Clear();
        RecordedValues.Clear();
    }

    public virtual void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        Rtl.Configure(datapath, features);
        Reference.Configure(datapath, features);
    }

    /// <summary>Compares the two after an edge; the first divergence throws, with its waveform written.</summary>
    protected void Compare()
    {
        var divergence = LockstepChecks.FirstDifference(Config, Reference, Rtl);
        if (divergence is not null)
            throw new CosimMismatchException(WriteWaveform(divergence));
    }

    /// <summary>Replays the recorded edges into a fresh RTL array around <paramref name="divergence"/>.</summary>
    protected abstract CosimDivergence WriteWaveform(CosimDivergence divergence);

    public void Dispose() => Rtl.Dispose();
}
