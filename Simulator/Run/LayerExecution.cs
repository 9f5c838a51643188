using Sim.Accelerator;
using Sim.Config;
using Sim.Dma;
using Sim.Energy;
using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;
using Sim.Profiling;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// Offloads layers one at a time (<c>offload: layer</c>, for scenarios and ONNX graphs): each layer's command stream runs
/// on a fresh <see cref="Machine"/>, its inputs and weights up the host link and its outputs down; its energy
/// is charged, its output checked, and it all gathered into a <see cref="LayerResult"/>. Given a timeline, it
/// records each layer on it, one after another.
/// </summary>
/// <param name="maxCycles">Core cycles a layer may take before it is stopped (<c>execution.max_cycles</c>).</param>
internal sealed class LayerExecution(HardwareConfig hw, TimelineRecorder? timeline = null, RunPhases? phases = null,
    long maxCycles = long.MaxValue)
{
    private readonly HardwareConfig _hw = hw;
    private readonly RunPhases _phases = phases ?? RunPhases.Off;
    private long _previousLayerFs;

    public LayerResult Execute(string name, string type, LayerWork work) => Start(name, type, work).Finish();

    /// <summary>
    /// Times, costs and records the layer now; its comparison with the golden model, which may still be
    /// computing on another core, waits for <see cref="PendingLayer.Finish"/>, so the caller can go on
    /// to the next layer meanwhile.
    /// </summary>
    public PendingLayer Start(string name, string type, LayerWork work)
    {
        var timingPhase = _phases.Start("timing (engine, DRAM, link)");
        var machine = new Machine(_hw, timeline);
        timeline?.BeginLayer(name, _previousLayerFs);
        var dramActivity = timeline != null && machine.Memory is DramMemory dramMemory ? DramActivityRecorder.Attach(timeline, dramMemory) : null;
        machine.Controller.MaxCycles = maxCycles;
        var timing = LimitedRun.Of(() => machine.Run([new LayerCommands(work.Steps, work.UploadBytes, work.DownloadBytes)
            {
                Unit = work.Unit,
                CoreStepCounts = work.CoreStepCounts,
            }]).Layers[0],
            _ => name);
        machine.Settle();
        dramActivity?.Flush();
        machine.Noc?.Flush();
        _previousLayerFs = machine.Core.TimeOf(timing.Cycles);
        timingPhase.Dispose();

        using var _ = _phases.Start("energy, results");
        var traffic = new LayerTraffic(machine.Memory.BytesRead, machine.Memory.BytesWritten, machine.Link.BytesToDevice, machine.Link.BytesToHost);
        var cores = _hw.Cores > 1 ? machine.CoreCycles(0) : null;
        return new PendingLayer(LayerResults.Of(_hw, name, type, work, timing, traffic, machine.DramStats, cores, machine.NocByteHops),
            work.Check, _phases);
    }
}

/// <summary>A layer timed and costed whose output has yet to be compared with the golden model's.</summary>
internal sealed class PendingLayer(LayerResult timed, Func<LayerCheck> check, RunPhases phases)
{
    /// <summary>Waits for the golden model if it is still computing, compares, and gives the whole result.</summary>
    public LayerResult Finish()
    {
        var c = phases.Time("waiting for the golden model, comparing", check);
        return timed with
        {
            BitExact = c.Mismatch == null,
            Mismatch = c.Mismatch,
            MaxAbsError = c.MaxAbsError,
            MaxUlpError = c.MaxUlpError,
        };
    }
}
