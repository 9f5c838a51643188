using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The RTL in lockstep with its register-level model over a whole scenario, as the accelerator runs it: one array
/// pair, never reset, driven by an <see cref="ArraySequencer"/> layer after layer, every output port and MAC counter
/// compared on every edge. Each layer's outputs are then held to the fast model's, and its tiles' cycles to the
/// schedule (weight-stationary: the sequencer's <see cref="WeightPipeline"/>, measured at the output port) or to the
/// fast model's (output-stationary). The first divergence stops the check: the array state after it means nothing.
/// </summary>
internal sealed class ScenarioLockstep : IDisposable
{
    private readonly RtlConfig _rtl;
    private readonly IArrayOutputs _pair;
    private readonly IDisposable _resources;
    private readonly ArraySequencer _sequencer;
    private readonly IDataflow _dataflow;
    private bool _stopped;

    /// <param name="tap">Put between the sequencer and the lockstep pair, as a constrained-random stimulus does; null drives the pair directly.</param>
    public ScenarioLockstep(RtlConfig rtl, Func<IArrayOutputs, ArrayTap>? tap = null)
    {
        _rtl = rtl;
        if (rtl.OutputStationary)
        {
            var pair = new OutputStationaryLockstep(rtl, waveformDirectory: null);
            (_pair, _resources, _dataflow) = (pair, pair, Dataflow.OutputStationary);
        }
        else
        {
            var pair = new LockstepCosimulator(rtl, waveformDirectory: null);
            (_pair, _resources, _dataflow) = (pair, pair, Dataflow.WeightStationary);
        }
        _sequencer = new ArraySequencer(tap is null ? _pair : tap(_pair), rtl);
    }

    /// <summary>Writes the line and toggle coverage the RTL counted (a <see cref="RtlConfig.Coverage"/> build) to <paramref name="path"/>.</summary>
    public void WriteCoverage(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        (_pair switch
        {
            LockstepCosimulator ws => ws.Verilated,
            OutputStationaryLockstep os => os.Verilated,
            _ => throw new InvalidOperationException("no Verilated array"),
        }).WriteCoverage(path);
    }

    /// <summary>The lockstep pair's outputs: the register-level model's, which the RTL's equal.</summary>
    public IArrayOutputs Ports => _pair;

    /// <summary>The divergence that stopped the check, or null.</summary>
    public CosimDivergence? Divergence { get; private set; }

    /// <summary>
    /// Runs <paramref name="layer"/> in lockstep after the layers before it. Returns the edges its tiles took, from
    /// the first load to the last output (as the tiles' cycles add up), and null when RTL, register-level model and
    /// fast model agree, else the first difference in words, naming the layer and its tiles in flight. After a
    /// divergence (<see cref="Divergence"/>) or a protocol fault it runs nothing and returns (0, null), as it does for
    /// a run a stimulus reset in the middle (<see cref="StreamReset"/>).
    /// </summary>
    public (long Cycles, string? Mismatch) Run(LayerRun layer)
    {
        if (_stopped) return (0, null);
        var run = layer.Fresh();
        TileStats[] stats;
        try
        {
            stats = _sequencer.Run(run);
        }
        catch (CosimMismatchException e)
        {
            Divergence = e.Divergence;
            _stopped = true;
            var tiles = _sequencer.TilesInFlightAt(e.Divergence.Cycle).Select(t => $"{t}").ToList();
            return (0, $"layer {layer.Name}, run back to back in lockstep ({Plural(tiles.Count, "tile")} {string.Join(", ", tiles)} in flight): {e.Message}");
        }
        catch (ArrayProtocolFault e)
        {
            // Every edge before agreed: an RTL assertion fired, or the sums did not arrive as the schedule says.
            _stopped = true;
            return (0, $"layer {layer.Name}, run back to back in lockstep: {e.Message}");
        }
        catch (StreamReset)
        {
            // Both sides were reset together mid-run: the edges up to it were compared, the outputs are incomplete.
            return (0, null);
        }
        return (stats.Sum(t => t.Cycles), AgainstFastModel(run, stats));
    }

    private string? AgainstFastModel(LayerRun run, TileStats[] stats)
    {
        var schedule = new WeightPipeline(_rtl.Rows, _rtl.Cols, _rtl.WeightBuffers);
        for (int t = 0; t < run.Tiles.Count; t++)
        {
            var job = run.Tiles[t];
            var fast = new int[job.M * job.N];
            var fastStats = _dataflow.Execute(run.Features, run.Datapath, _rtl.Rows, _rtl.Cols, job.Activations, job.Weights, fast,
                job.M, job.K, job.N, profile: null);
            int differs = fast.AsSpan().CommonPrefixLength(job.Accumulators);
            long expectedCycles = _rtl.OutputStationary
                ? fastStats.Cycles
                : schedule.Add((int)fastStats.VectorsStreamed, run.Features.UsedRows(job.K), job.N);
            string? difference = differs < fast.Length
                ? $"y[{differs / job.N}][{differs % job.N}]: fast model {fast[differs]}, RTL {job.Accumulators[differs]}"
                : stats[t].Cycles != expectedCycles ? $"cycles: {(_rtl.OutputStationary ? "fast model" : "schedule")} {expectedCycles}, RTL {stats[t].Cycles}"
                : stats[t].VectorsStreamed != fastStats.VectorsStreamed ? $"vectors issued: fast model {fastStats.VectorsStreamed}, RTL {stats[t].VectorsStreamed}"
                : null;
            if (difference is not null)
                return $"layer {run.Name}, {run.Places[t]} run back to back in lockstep: {difference}";
        }
        return null;
    }

    private static string Plural(int n, string noun) => n == 1 ? noun : noun + "s";

    public void Dispose() => _resources.Dispose();
}
