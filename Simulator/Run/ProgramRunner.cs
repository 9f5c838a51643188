using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Mapping;
using Sim.Memory;
using Sim.Memory.Dram;
using Sim.Numerics;
using Sim.Profiling;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// One layer (or graph node) of a network program, lowered: its work, the tensors its four regions hold,
/// the bytes of the network inputs it sends up the link first, whether its output leaves the network (and so
/// comes down the link), and the program layers whose outputs it reads.
/// </summary>
internal sealed record ProgramLayer(string Name, string Type, LayerWork Work, RegionTensors Regions, long UploadBytes,
    bool DownloadsOutput, IReadOnlyList<int> WaitsFor);

/// <summary>A program's timed rows (still to be checked against the golden model), the weights' preload and the run's latency.</summary>
internal sealed record ProgramResult(IReadOnlyList<LayerResult> Rows, SetupResult Setup, long Cycles)
{
    /// <summary>A layer-pipelined run's stages and inferences' latencies; null when the layers were split across the cores.</summary>
    public PipelineResult? Pipeline { get; init; }
}

/// <summary>
/// Times a network program on one <see cref="Machine"/>, whoever lowered it (a scenario's layers, an ONNX
/// graph's nodes): every tensor gets its region of device memory (<see cref="TensorPlacement"/>), the
/// preloaded tensors (weights, constants) are written before the timed inference (the setup), then the
/// program runs, and each layer's row takes its timing, its own traffic, the DRAM's counters over its time
/// and its energy.
/// </summary>
internal static class ProgramRunner
{
    /// <param name="execution">Whether a layer's output goes to the next layer on chip where it can (<see cref="HandedOnChip"/>),
    /// and the run's cycle limit.</param>
    /// <param name="cancel">Checked as each layer starts on the machine.</param>
    /// <param name="batch">The inferences the layers hold: with <see cref="ExecutionConfig.Pipeline"/> on several cores, they run
    /// one by one through the layers' stages (<see cref="PipelinedProgram"/>).</param>
    public static ProgramResult Run(HardwareConfig hw, IReadOnlyList<ProgramLayer> layers, IReadOnlySet<string> preloaded,
        TimelineRecorder? timeline, RunPhases phases, ExecutionConfig execution, CancellationToken cancel = default, int batch = 1)
    {
        bool keepOnChip = execution.KeepOnChip;
        var placement = new TensorPlacement();
        var regions = layers.Select(l => Turned(l.Work) ? l.Regions with { Activations = l.Regions.Weights, Weights = l.Regions.Activations } : l.Regions).ToArray();
        for (int p = 0; p < layers.Count; p++) placement.Use(layers[p].Work.Steps, regions[p]);
        // Pipelined, a layer's stage is its core: an output handed on chip stays in its stage (in its core's scratchpad).
        var stages = execution.Pipelines(hw.Cores, batch)
            ? PipelineStages.Balance(layers.Select(l => SingleCoreCost(hw, l.Work.Steps)).ToArray(), hw.Cores)
            : null;
        var onChip = keepOnChip ? HandedOnChip(hw, layers, regions, placement, preloaded) : [];
        if (stages is not null) onChip.RemoveWhere(p => stages.StageOf[p] != stages.StageOf[p + 1]);
        foreach (int p in onChip) placement.KeepOnChip(layers[p].Regions.Outputs!);
        var preloads = regions.SelectMany(r => new[] { r.Activations, r.Weights, r.Residual })
            .Where(t => t is not null && preloaded.Contains(t) && placement.Holds(t)).Distinct().Select(t => placement.Region(t!)).ToArray();
        var program = layers.Select((l, p) => Commands(l, regions[p], placement)).ToArray();
        var pipelined = stages is null ? null : PipelinedProgram.Of(program, stages, batch, hw.Cores);
        IReadOnlyList<LayerCommands> commands = pipelined?.Commands ?? program;
        // Pipelined, entry p is layer p mod L of inference p div L.
        string Name(int p) => layers[p % layers.Count].Name;

        var timingPhase = phases.Start("timing (engine, DRAM, link)");
        var machine = new Machine(hw, timeline);
        var setupStart = machine.DramStats;
        long setupFs = new WeightPreload(machine).Run(preloads);
        machine.Settle();
        var setup = Setup(hw, machine, preloads.Sum(r => r.Bytes), setupFs, setupStart);

        timeline?.StartAt(machine.Engine.Now);
        for (int p = 0; p < commands.Count; p++)
            timeline?.BeginLayer(pipelined is null ? Name(p) : $"{Name(p)}, inference {p / layers.Count}", 0);
        var dramActivity = timeline != null && machine.Memory is DramMemory dramMemory ? DramActivityRecorder.Attach(timeline, dramMemory) : null;
        var entered = new DramStats?[commands.Count];
        var nocEntered = new long[commands.Count + 1];
        machine.Controller.LayerEntered = p =>
        {
            // Timing a whole network takes seconds: an interruption should not wait for its end.
            cancel.ThrowIfCancellationRequested();
            entered[p] = machine.DramStats;
            nocEntered[p] = machine.NocByteHops;
        };
        machine.Controller.MaxCycles = execution.MaxCycles;
        var timing = LimitedRun.Of(() => machine.Run(commands), Name);
        nocEntered[commands.Count] = machine.NocByteHops;
        machine.Controller.LayerEntered = null;
        machine.Settle();
        dramActivity?.Flush();
        machine.Noc?.Flush();
        var end = machine.DramStats;
        timingPhase.Dispose();

        using var _ = phases.Start("energy, results");
        if (pipelined is not null)
            return PipelinedRows.Of(hw, layers, program.Select(Traffic).ToArray(), onChip, pipelined, machine, timing, setup,
                entered[0] is { } first ? end!.Since(first) : null, nocEntered[commands.Count] - nocEntered[0]);
        var rows = new LayerResult[layers.Count];
        for (int p = 0; p < layers.Count; p++)
        {
            var dram = entered[p] is { } from ? (p + 1 < layers.Count ? entered[p + 1]! : end!).Since(from) : null;
            var cores = hw.Cores > 1 ? machine.CoreCycles(p) : null;
            rows[p] = LayerResults.Of(hw, layers[p].Name, layers[p].Type, layers[p].Work, timing.Layers[p], Traffic(program[p]), dram,
                cores, nocEntered[p + 1] - nocEntered[p]) with { OutputOnChip = onChip.Contains(p) };
        }
        return new ProgramResult(rows, setup, timing.Cycles);
    }

    /// <summary>
    /// The layers whose output the next layer takes on chip: the output stage writes it into the input scratchpad
    /// instead of device memory, where the next layer, its only reader, finds it. That needs the layer's inputs
    /// and its output to fit the input scratchpad together, the output not to leave the network, and nothing
    /// else (a later residual add) to read it.
    /// </summary>
    private static HashSet<int> HandedOnChip(HardwareConfig hw, IReadOnlyList<ProgramLayer> layers, RegionTensors[] regions,
        TensorPlacement placement, IReadOnlySet<string> preloaded)
    {
        var readers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int p = 0; p < layers.Count; p++)
            foreach (var t in new[] { regions[p].Activations, regions[p].Weights, regions[p].Residual })
                if (t is not null && !preloaded.Contains(t) && placement.Holds(t))
                {
                    if (!readers.TryGetValue(t, out var list)) readers[t] = list = [];
                    if (!list.Contains(p)) list.Add(p);
                }
        // A tensor's size: its producer's output bytes (its region may be larger: a layout keeps edge tiles' slots).
        var bytes = layers.Where(l => l.Regions.Outputs is not null)
            .ToDictionary(l => l.Regions.Outputs!, l => l.Work.DownloadBytes, StringComparer.Ordinal);
        long Size(string tensor) => bytes.TryGetValue(tensor, out long b) ? b : placement.Bytes(tensor);
        var handed = new HashSet<int>();
        for (int p = 0; p + 1 < layers.Count; p++)
        {
            var output = layers[p].Regions.Outputs;
            if (output is null || layers[p].DownloadsOutput || !readers.TryGetValue(output, out var r) || r is not [var q] || q != p + 1)
                continue;
            long inputs = new[] { layers[p].Regions.Activations, layers[p].Regions.Residual }.Where(t => t is not null).Sum(t => Size(t!));
            if (inputs + Size(output) <= hw.Scratchpads.Input.CapacityBytes) handed.Add(p);
        }
        return handed;
    }

    /// <summary>
    /// A layer's cost on one core for balancing pipeline stages, by the mapper's roofline: the larger of its steps'
    /// compute cycles (the fast model's, exact) and its bytes at device memory's peak bandwidth.
    /// </summary>
    private static long SingleCoreCost(HardwareConfig hw, IReadOnlyList<TileStep> steps)
    {
        long compute = 0, bytes = 0;
        foreach (var s in steps)
        {
            compute += s.ComputeCycles;
            bytes += s.Activations.Bytes + s.Weights.Bytes + s.Residual.Bytes + s.Store.Bytes;
        }
        return Math.Max(compute, (long)Math.Ceiling(bytes / MappingCost.BytesPerCycle(hw)));
    }

    /// <summary>The mapper turned the GEMM round: the activation region holds the weights and the weight region the input.</summary>
    private static bool Turned(LayerWork work) => work.Gemm?.WeightsStream ?? false;

    /// <summary>A layer's part of the program: its steps in their tensors' regions.</summary>
    private static LayerCommands Commands(ProgramLayer layer, RegionTensors regions, TensorPlacement placement)
    {
        // The controller holds back a step's activations until the layers they come from are stored, so a
        // GEMM turned round (its input in the weight region) has its two loads swapped.
        bool turned = Turned(layer.Work);
        var steps = layer.Work.Steps.ConvertAll(s => placement.Rebase(s, regions) is var r && turned ? r with { Activations = r.Weights, Weights = r.Activations } : r);
        return new LayerCommands(steps, layer.UploadBytes, layer.DownloadsOutput ? layer.Work.DownloadBytes : 0)
        {
            WaitsFor = layer.WaitsFor,
            Unit = layer.Work.Unit,
            CoreStepCounts = layer.Work.CoreStepCounts,
        };
    }

    /// <summary>What a layer's commands move: its loads and stores, and its transfers over the link.</summary>
    private static LayerTraffic Traffic(LayerCommands c)
    {
        long read = 0, written = 0;
        foreach (var s in c.Steps)
        {
            read += s.Activations.Bytes + s.Weights.Bytes + s.Residual.Bytes;
            written += s.Store.Bytes;
        }
        return new LayerTraffic(read, written, c.UploadBytes, c.DownloadBytes);
    }

    /// <summary>The preload's bytes, time and energy: its link and DRAM traffic and the chip's static power while it ran.</summary>
    private static SetupResult Setup(HardwareConfig hw, Machine machine, long bytes, long fs, DramStats? before)
    {
        long cycles = machine.Core.CyclesSpanning(fs);
        var dram = before is null ? null : machine.DramStats!.Since(before);
        var energy = EnergyModel.Evaluate(hw.Energy, hw, new LayerActions(
            hw.NumberFormat.Name(), default, default, default, default, 0, bytes,
            dram?.Activates ?? 0, dram?.Refreshes ?? 0, hw.HostLink.WireBytes(bytes), cycles));
        return new SetupResult(bytes, cycles, fs / 1e9, energy);
    }
}
