using Sim.Accelerator;
using Sim.Config;
using Sim.Dma;
using Sim.Energy;
using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// Times a layer's command stream on a fresh engine with the hardware's device memory, DMA and host
/// link, charges its energy, checks its output, and gathers it all into a <see cref="LayerResult"/>.
/// Given a timeline, it records each layer on it, one after another.
/// </summary>
public sealed class LayerExecution(HardwareConfig hw, TimelineRecorder? timeline = null, RunPhases? phases = null)
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
        var engine = new EventEngine();
        var memory = DeviceMemory.Create(engine, _hw.Memory);
        var dma = new DmaEngine(memory, _hw.Dma);
        var link = new HostLinkModel(engine, _hw.HostLink);
        var core = ClockDomain.FromMhz("core", _hw.PeArray.ClockMhz);
        timeline?.BeginLayer(name, _previousLayerFs);
        var dramActivity = timeline != null && memory is DramMemory dramMemory ? DramActivityRecorder.Attach(timeline, dramMemory) : null;
        var controller = new Controller(engine, dma, link, core, timeline, work.Unit);
        var timing = controller.Run(new LayerCommands(work.Steps, work.UploadBytes, work.DownloadBytes));
        dramActivity?.Flush();
        _previousLayerFs = core.TimeOf(timing.Cycles);
        timingPhase.Dispose();

        using var _ = _phases.Start("energy, results");
        var dramStats = (memory as DramMemory)?.TotalStats();
        var energy = EnergyModel.Evaluate(_hw.Energy, _hw, new LayerActions(
            OperandFormat: work.OperandFormat,
            Macs: work.Gemm is { } gemm
                ? new MacCounts(gemm.Totals.MacsActive - gemm.Totals.MacsRepeated, gemm.Totals.MacsRepeated, gemm.Totals.MacsGated)
                : default,
            Input: work.Accesses.Input, Weight: work.Accesses.Weight, Output: work.Accesses.Output, VectorOps: work.VectorOps,
            DramBytes: memory.BytesRead + memory.BytesWritten,
            DramActivates: dramStats?.Activates ?? 0, DramRefreshes: dramStats?.Refreshes ?? 0,
            LinkWireBytes: _hw.HostLink.WireBytes(link.BytesToDevice) + _hw.HostLink.WireBytes(link.BytesToHost),
            Cycles: timing.Cycles));

        long peCount = (long)_hw.PeArray.Rows * _hw.PeArray.Cols;
        var result = new LayerResult(
            name, type, work.Unit, timing, work.Macs,
            work.Macs == 0 ? 0 : work.Macs / ((double)timing.Cycles * peCount),
            work.Steps.Count, memory.BytesRead, memory.BytesWritten, link.BytesToDevice, link.BytesToHost,
            _hw.PeArray.ClockMhz, dramStats, energy, BitExact: false, Mismatch: null, work.OutputSha256)
        {
            Format = work.Format,
            MacsActive = work.Gemm?.Totals.MacsActive ?? 0,
            MacsGated = work.Gemm?.Totals.MacsGated ?? 0,
            MacsRepeated = work.Gemm?.Totals.MacsRepeated ?? 0,
            VectorsSkipped = work.Gemm?.VectorsSkipped ?? 0,
            Structured24 = work.Gemm?.Structured24 ?? false,
            WeightsStream = work.Gemm?.WeightsStream ?? false,
            Bound = LayerBound.Of(timing, memory.BytesRead + memory.BytesWritten, _hw.Memory.PeakGBps, _hw.PeArray.ClockMhz),
        };
        return new PendingLayer(result, work.Check, _phases);
    }
}

/// <summary>A layer timed and costed whose output has yet to be compared with the golden model's.</summary>
public sealed class PendingLayer(LayerResult timed, Func<LayerCheck> check, RunPhases phases)
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
