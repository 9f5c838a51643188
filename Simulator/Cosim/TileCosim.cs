using System.Diagnostics;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// Runs tiles on a Verilog PE array and on its dataflow's fast model, and compares outputs and cycles:
/// the weight-stationary array through <see cref="TileDriver"/> against <see cref="TileModel"/>, the
/// output-stationary one through <see cref="OutputStationaryDriver"/> against <see cref="OutputStationary"/>'s
/// fast model (the drivers are the register-level models' protocols). Both start every tile from zero
/// accumulators, so a wrong tile is named, not hidden in a sum.
/// </summary>
internal sealed class TileCosim : IDisposable
{
    private delegate TileStats TileRun(in PeArrayFeatures features, in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n);

    private readonly RtlArray _rtl;
    private readonly TileRun _runOnRtl;
    private readonly IDataflow _dataflow;
    private int[] _fast = [];
    private int[] _fromRtl = [];

    public TileCosim(RtlConfig config)
    {
        if (config.OutputStationary)
        {
            var array = new RtlOsArray(config);
            var driver = new OutputStationaryDriver(array);
            (_rtl, _runOnRtl, _dataflow) = (array,
                (in PeArrayFeatures f, in PeDatapath d, ReadOnlySpan<short> a, ReadOnlySpan<short> w, Span<int> acc, int m, int k, int n) =>
                    driver.Run(f, d, a, w, acc, m, k, n),
                Dataflow.OutputStationary);
        }
        else
        {
            var array = new RtlPeArray(config);
            (_rtl, _runOnRtl, _dataflow) = (array, new TileDriver(array).Run, Dataflow.WeightStationary);
        }
    }

    public RtlConfig Config => _rtl.Config;

    /// <summary>Wall-clock time spent in the fast model and in the RTL, over every tile run.</summary>
    public TimeSpan FastModelTime { get; private set; }
    public TimeSpan RtlTime { get; private set; }

    /// <summary>
    /// One dense int8-protocol tile on both. Returns the fast model's and the RTL's cycle counts, and the
    /// first difference (an output y[i][j] or the cycle count) in words, or null if they agree.
    /// </summary>
    public (long FastCycles, long RtlCycles, string? Mismatch) Run(
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, int m, int k, int n)
    {
        var (fast, rtl, mismatch) = Run(PeArrayFeatures.None, PeDatapath.Int8, activations, weights, m, k, n);
        return (fast.Cycles, rtl.Cycles, mismatch);
    }

    /// <summary>
    /// One tile on both with the sparsity features on: the dataflow's fast model against its driver on the
    /// RTL. Returns both <see cref="TileStats"/> and the first difference in words (an output y[i][j], then
    /// cycles, vectors (or K steps) issued, active, gated and repeated MACs), or null.
    /// </summary>
    public (TileStats Fast, TileStats Rtl, string? Mismatch) Run(in PeArrayFeatures features, in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, int m, int k, int n)
    {
        int outputs = m * n;
        if (_fast.Length < outputs)
        {
            _fast = new int[outputs];
            _fromRtl = new int[outputs];
        }
        var fast = _fast.AsSpan(0, outputs);
        var fromRtl = _fromRtl.AsSpan(0, outputs);
        fast.Clear();
        fromRtl.Clear();

        long start = Stopwatch.GetTimestamp();
        var fastStats = _dataflow.Execute(features, datapath, Config.Rows, Config.Cols, activations, weights, fast, m, k, n, profile: null);
        long middle = Stopwatch.GetTimestamp();
        TileStats rtlStats = default;
        string? fault = null;
        try
        {
            rtlStats = _runOnRtl(features, datapath, activations, weights, fromRtl, m, k, n);
        }
        catch (ArrayProtocolFault e)
        {
            fault = $"the RTL broke the output protocol: {e.Message}";
        }
        long end = Stopwatch.GetTimestamp();
        FastModelTime += Stopwatch.GetElapsedTime(start, middle);
        RtlTime += Stopwatch.GetElapsedTime(middle, end);
        if (fault is not null) return (fastStats, rtlStats, fault);

        int differs = fast.CommonPrefixLength(fromRtl);
        string? mismatch = differs < outputs
            ? $"y[{differs / n}][{differs % n}]: fast model {fast[differs]}, RTL {fromRtl[differs]}"
            : Differ("cycles", fastStats.Cycles, rtlStats.Cycles)
              ?? Differ("vectors issued", fastStats.VectorsStreamed, rtlStats.VectorsStreamed)
              ?? Differ("active MACs", fastStats.MacsActive, rtlStats.MacsActive)
              ?? Differ("gated MACs", fastStats.MacsGated, rtlStats.MacsGated)
              ?? Differ("repeated MACs", fastStats.MacsRepeated, rtlStats.MacsRepeated);
        return (fastStats, rtlStats, mismatch);
    }

    private static string? Differ(string what, long fast, long rtl) =>
        fast != rtl ? $"{what}: fast model {fast}, RTL {rtl}" : null;

    public void Dispose() => _rtl.Dispose();
}
