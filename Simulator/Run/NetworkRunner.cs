using System.Diagnostics;
using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Memory;
using Sim.Memory.Dram;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Timeline;
using Sim.Workload;

namespace Sim.Run;

/// <summary>
/// Runs a scenario's layers as one network program on one machine (<c>offload: network</c>):
/// <list type="number">
/// <item>Layer by layer in order, each layer's inputs are the outputs the layers before it computed
///   (<see cref="NetworkGraph"/>), its fast model runs with its fused element-wise layers, and its golden
///   model starts on another core, fed the same inputs.</item>
/// <item>Every tensor gets its region of device memory (<see cref="TensorPlacement"/>).</item>
/// <item>On one <see cref="Machine"/>: the weights are preloaded (the setup, reported apart), then the
///   program runs: tensors of the layers' own go up the host link, outputs no layer reads come down it, and
///   everything else stays in device memory.</item>
/// <item>Each layer's result takes its timing, its own traffic, the DRAM's counters over its time and its
///   energy; fused layers get a row of their own that names the layer they ran in.</item>
/// </list>
/// </summary>
public static class NetworkRunner
{
    /// <summary>Golden checks allowed to wait behind the layer being prepared (each holds its operands).</summary>
    private const int ChecksBehind = 4;

    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null,
        TimelineRecorder? timeline = null, RunPhases? phases = null)
    {
        var clock = Stopwatch.StartNew();
        phases ??= RunPhases.Off;
        var hw = scenario.Hardware;
        var layers = scenario.Layers;
        var graph = new NetworkGraph(layers, hw, scenario.Execution.Fuse);
        var works = Prepare(scenario, graph, phases, out var checks);

        var roots = Enumerable.Range(0, layers.Count).Where(i => graph.FusedInto[i] < 0).ToArray();
        var placement = new TensorPlacement();
        var regions = roots.Select(r => Regions(graph, layers, r, works[r]!.Gemm?.WeightsStream ?? false)).ToArray();
        for (int p = 0; p < roots.Length; p++) placement.Use(works[roots[p]]!.Steps, regions[p]);
        var weightRegions = roots.Where(r => LayerShapes.IsPeArray(layers[r])).Select(r => placement.Region(WeightTensor(r))).ToArray();
        var program = roots.Select((r, p) => Commands(scenario, graph, r, works[r]!, regions[p], placement, roots)).ToArray();

        var timingPhase = phases.Start("timing (engine, DRAM, link)");
        var machine = new Machine(hw, timeline);
        var setupStart = machine.DramStats;
        long setupFs = new WeightPreload(machine).Run(weightRegions);
        var setup = Setup(hw, machine, weightRegions.Sum(r => r.Bytes), setupFs, setupStart);

        timeline?.StartAt(machine.Engine.Now);
        foreach (int r in roots) timeline?.BeginLayer(layers[r].Name, 0);
        var dramActivity = timeline != null && machine.Memory is DramMemory dramMemory ? DramActivityRecorder.Attach(timeline, dramMemory) : null;
        var entered = new DramStats?[roots.Length];
        machine.Controller.LayerEntered = p => entered[p] = machine.DramStats;
        var timing = machine.Controller.Run(program);
        machine.Controller.LayerEntered = null;
        dramActivity?.Flush();
        var end = machine.DramStats;
        timingPhase.Dispose();

        var rows = new LayerResult[layers.Count];
        using (phases.Start("energy, results"))
            for (int p = 0; p < roots.Length; p++)
            {
                int r = roots[p];
                var dram = entered[p] is { } from ? (p + 1 < roots.Length ? entered[p + 1]! : end!).Since(from) : null;
                rows[r] = LayerResults.Of(hw, layers[r].Name, LayerRunner.LayerTypeName(layers[r]), works[r]!, timing.Layers[p],
                    Traffic(program[p]), dram);
                for (int f = 0; f < graph.Fused(r).Count; f++)
                    rows[graph.Fused(r)[f]] = FusedRow(hw, layers[graph.Fused(r)[f]], rows[r], works[r]!.FusedSha256[f]);
            }
        var results = new List<LayerResult>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            var check = phases.Time("waiting for the golden model, comparing", checks[graph.Root(i)]!);
            var row = rows[i] with { BitExact = check.Mismatch == null, Mismatch = check.Mismatch };
            if (graph.FusedInto[i] < 0) row = row with { MaxAbsError = check.MaxAbsError, MaxUlpError = check.MaxUlpError };
            onLayerDone?.Invoke(i, row);
            results.Add(row);
        }
        return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds) with
        {
            Offload = "network",
            Setup = setup,
            ProgramCycles = timing.Cycles,
        };
    }

    /// <summary>
    /// Each layer's work in order, its inputs the outputs computed before it; fused layers have none of their
    /// own. Golden checks are started and kept; an output is dropped once its last reader has taken it.
    /// </summary>
    private static LayerWork?[] Prepare(ScenarioConfig scenario, NetworkGraph graph, RunPhases phases, out Func<LayerCheck>?[] checks)
    {
        var layers = scenario.Layers;
        var runner = new LayerRunner(scenario, phases: phases);
        var works = new LayerWork?[layers.Count];
        var values = new Tensor<short>?[layers.Count];
        var readersLeft = graph.Readers.ToArray();
        var checked_ = new Func<LayerCheck>?[layers.Count];
        var waiting = new Queue<Task<LayerCheck>>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (graph.FusedInto[i] >= 0) continue;
            var inputs = graph.Producers[i].Select(p => p < 0 ? null : values[p]).ToArray();
            var fused = graph.Fused(i).Select(f => new FusedOp(layers[f], layers[f] is AddLayer ? Residual(scenario, graph, values, f) : null)).ToArray();
            var work = runner.Prepare(layers[i], i, new LayerInputs(inputs, fused));
            works[i] = work;
            values[graph.Tail(i)] = work.Output;
            foreach (int member in graph.Fused(i).Prepend(i))
                foreach (int p in graph.Producers[member])
                    if (p >= 0 && --readersLeft[p] == 0) values[p] = null;
            // The check runs on as soon as its golden model is done; a few may wait, each holding its operands.
            var check = Task.Run(work.Check);
            checked_[i] = () => check.GetAwaiter().GetResult();
            waiting.Enqueue(check);
            if (waiting.Count > ChecksBehind)
                using (phases.Start("waiting for the golden model, comparing")) waiting.Dequeue().Wait();
            works[i] = work with { Output = null };
        }
        checks = checked_;
        return works;
    }

    /// <summary>A fused add's other operand: the output of the layer that wrote it, or the add's own seeded tensor.</summary>
    private static Tensor<short> Residual(ScenarioConfig scenario, NetworkGraph graph, Tensor<short>?[] values, int add)
    {
        var producers = graph.Producers[add];
        int slot = ResidualSlot(graph, add);
        if (producers[slot] >= 0) return values[producers[slot]]!;
        // As the add draws it alone: its one input of its own is its generator's first tensor.
        var shape = ((AddLayer)scenario.Layers[add]).Shape;
        var own = new OperandGenerator(scenario.Seed, add).Int8(shape, scenario.Data.ActivationZeroFraction);
        return new Tensor<short>(shape, Array.ConvertAll(own.Data, v => (short)v));
    }

    /// <summary>Which input of a fused add is the residual: the chain feeds the later producer, the other is read from memory.</summary>
    private static int ResidualSlot(NetworkGraph graph, int add) =>
        graph.Producers[add][0] > graph.Producers[add][1] ? 1 : 0;

    /// <summary>The tensors a layer's regions hold: its input, its weights, its (fused) output and its residual.</summary>
    /// <param name="turned">The mapper turned the GEMM round: the activation region holds the weights and the weight region the input.</param>
    private static RegionTensors Regions(NetworkGraph graph, IReadOnlyList<LayerSpec> layers, int root, bool turned)
    {
        // A layer read by another is never in the middle of a fused chain, so its output is in memory.
        string Input(int layer, int slot) => graph.Producers[layer][slot] is var p && p >= 0 ? OutputTensor(p) : OwnInput(layer, slot);
        string? residual = null;
        if (layers[root] is AddLayer) residual = Input(root, 1);
        foreach (int f in graph.Fused(root))
            if (layers[f] is AddLayer) residual = Input(f, ResidualSlot(graph, f));
        string input = Input(root, 0);
        string? weights = LayerShapes.IsPeArray(layers[root]) ? WeightTensor(root) : null;
        return turned
            ? new RegionTensors(weights, input, OutputTensor(graph.Tail(root)), residual)
            : new RegionTensors(input, weights, OutputTensor(graph.Tail(root)), residual);
    }

    private static string OutputTensor(int layer) => $"output of {layer}";

    private static string OwnInput(int layer, int slot) => $"input {slot} of {layer}";

    private static string WeightTensor(int layer) => $"weights of {layer}";

    /// <summary>
    /// A layer's part of the program: its steps in their tensors' regions, the tensors of its own sent up the
    /// link first, its output sent down when no layer reads it, and the layers it waits for.
    /// </summary>
    private static LayerCommands Commands(ScenarioConfig scenario, NetworkGraph graph, int root, LayerWork work, RegionTensors regions,
        TensorPlacement placement, int[] roots)
    {
        // The controller holds back a step's activations until the layers they come from are stored, so a
        // GEMM turned round (its input in the weight region) has its two loads swapped.
        bool turned = work.Gemm?.WeightsStream ?? false;
        var steps = work.Steps.ConvertAll(s => placement.Rebase(s, regions) is var r && turned ? r with { Activations = r.Weights, Weights = r.Activations } : r);
        var members = graph.Fused(root).Prepend(root).ToArray();
        // Tensors of the layers' own go up as the host holds them (a convolution's input, not its im2col rows).
        long upload = 0;
        foreach (int m in members)
            for (int slot = 0; slot < graph.Producers[m].Length; slot++)
                if (graph.Producers[m][slot] < 0 && (m == root || slot == ResidualSlot(graph, m)))
                    upload += ScratchpadRequirements.Bytes(LayerShapes.InputElements(scenario.Layers[m]),
                        ScratchpadRequirements.OperandBits(LayerShapes.InputFormat(scenario.Layers[m], scenario.Hardware)));
        var waits = members.SelectMany(m => graph.Producers[m])
            .Where(p => p >= 0 && !members.Contains(p))
            .Select(p => Array.IndexOf(roots, graph.Root(p)))
            .Distinct().Order().ToArray();
        long download = graph.Readers[graph.Tail(root)] == 0 ? work.DownloadBytes : 0;
        return new LayerCommands(steps, upload, download) { WaitsFor = waits, Unit = work.Unit };
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

    /// <summary>A fused layer's row: no cycles or traffic of its own (its work is in the row of the layer it ran in).</summary>
    private static LayerResult FusedRow(HardwareConfig hw, LayerSpec layer, LayerResult root, string sha256) =>
        new(layer.Name, LayerRunner.LayerTypeName(layer), "output_stage", default, 0, 0, 0, 0, 0, 0, 0, hw.PeArray.ClockMhz, null,
            new LayerEnergy(LayerEnergy.ComponentNames.Select(c => new ComponentEnergy(c, 0, 0)).ToArray()),
            BitExact: false, Mismatch: null, sha256)
        {
            Format = "int8",
            FusedInto = root.Name,
            Bound = "fused",
        };

    /// <summary>The preload's bytes, time and energy: its link and DRAM traffic and the chip's static power while it ran.</summary>
    private static SetupResult Setup(HardwareConfig hw, Machine machine, long weightBytes, long fs, DramStats? before)
    {
        long cycles = machine.Core.CyclesSpanning(fs);
        var dram = before is null ? null : machine.DramStats!.Since(before);
        var energy = EnergyModel.Evaluate(hw.Energy, hw, new LayerActions(
            hw.NumberFormat.Name(), default, default, default, default, 0, weightBytes,
            dram?.Activates ?? 0, dram?.Refreshes ?? 0, hw.HostLink.WireBytes(weightBytes), cycles));
        return new SetupResult(weightBytes, cycles, fs / 1e9, energy);
    }
}
