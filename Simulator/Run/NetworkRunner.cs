using System.Diagnostics;
using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Operators;
using Sim.Profiling;
using Sim.Scenarios;
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
/// <item>The layers that run on their own become the program <see cref="ProgramRunner"/> times on one
///   machine: their weights preloaded, the tensors of the layers' own sent up the host link, the outputs
///   no layer reads sent down it, everything else kept in device memory.</item>
/// <item>Fused layers get a row of their own that names the layer they ran in.</item>
/// </list>
/// </summary>
internal static class NetworkRunner
{
    /// <summary>Golden checks allowed to wait behind the layer being prepared (each holds its operands).</summary>
    private const int ChecksBehind = 4;

    /// <summary>Layers whose operands may be drawn ahead of the one being prepared (each holds its weights).</summary>
    private const int OperandsAhead = 4;

    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null,
        TimelineRecorder? timeline = null, RunPhases? phases = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        phases ??= RunPhases.Off;
        var hw = scenario.Hardware;
        var layers = scenario.Layers;
        var graph = new NetworkGraph(layers, hw, scenario.Execution.Fuse);
        var works = Prepare(scenario with { Hardware = PipelineMapping.Hardware(scenario) }, graph, phases, cancel, out var checks);

        var roots = Enumerable.Range(0, layers.Count).Where(i => graph.FusedInto[i] < 0).ToArray();
        var program = roots.Select(r => Lowered(scenario, graph, r, works[r]!, roots)).ToArray();
        var preloaded = roots.Where(r => layers[r].OnPeArray).Select(WeightTensor).ToHashSet(StringComparer.Ordinal);
        var timed = ProgramRunner.Run(hw, program, preloaded, timeline, phases, scenario.Execution, cancel, scenario.Batch);

        var rows = new LayerResult[layers.Count];
        for (int p = 0; p < roots.Length; p++)
        {
            int r = roots[p];
            rows[r] = timed.Rows[p];
            for (int f = 0; f < graph.Fused(r).Count; f++)
                rows[graph.Fused(r)[f]] = LayerResults.Fused(hw, layers[graph.Fused(r)[f]].Name, layers[graph.Fused(r)[f]].TypeName, rows[r], works[r]!.FusedSha256[f]);
        }
        var results = new List<LayerResult>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var check = phases.Time("waiting for the golden model, comparing", checks[graph.Root(i)]!);
            var row = rows[i] with { BitExact = check.Mismatch == null, Mismatch = check.Mismatch };
            if (graph.FusedInto[i] < 0) row = row with { MaxAbsError = check.MaxAbsError, MaxUlpError = check.MaxUlpError };
            onLayerDone?.Invoke(i, row);
            results.Add(row);
        }
        return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds) with
        {
            Offload = "network",
            Setup = timed.Setup,
            ProgramCycles = timed.Cycles,
            Pipeline = timed.Pipeline,
        };
    }

    /// <summary>
    /// Each layer's work in order, its inputs the outputs computed before it; fused layers have none of their
    /// own. Golden checks are started and kept; an output is dropped once its last reader has taken it.
    /// </summary>
    private static LayerWork?[] Prepare(ScenarioConfig scenario, NetworkGraph graph, RunPhases phases, CancellationToken cancel,
        out Func<LayerCheck>?[] checks)
    {
        var layers = scenario.Layers;
        var runner = new LayerRunner(scenario, phases: phases);
        var works = new LayerWork?[layers.Count];
        var values = new Tensor<short>?[layers.Count];
        var readersLeft = graph.Readers.ToArray();
        var pending = new Func<LayerCheck>?[layers.Count];
        var waiting = new Queue<int>();
        // A layer's weights (and its input, where it reads none computed) are drawn ahead on other threads.
        var drawn = new Task<PeOperands>?[layers.Count];
        int nextDraw = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            for (; nextDraw < layers.Count && nextDraw <= i + OperandsAhead; nextDraw++)
            {
                int d = nextDraw;
                if (graph.FusedInto[d] < 0 && layers[d].OnPeArray)
                    drawn[d] = Task.Run(() => runner.DrawOperands(layers[d], d, withInput: graph.Producers[d][0] < 0));
            }
            if (graph.FusedInto[i] >= 0) continue;
            var inputs = graph.Producers[i].Select(p => p < 0 ? null : values[p]).ToArray();
            var fused = graph.Fused(i).Select(f => new FusedOp(layers[f], layers[f] is AddLayer ? Residual(scenario, graph, values, f) : null)).ToArray();
            var work = runner.Prepare(layers[i], i, new LayerInputs(inputs, fused) { Drawn = drawn[i]?.GetAwaiter().GetResult() });
            drawn[i] = null;
            values[graph.Tail(i)] = work.Output;
            foreach (int member in graph.Fused(i).Prepend(i))
                foreach (int p in graph.Producers[member])
                    if (p >= 0 && --readersLeft[p] == 0) values[p] = null;
            // The check waits here for its golden model; a few may wait, each holding its operands.
            pending[i] = work.Check;
            waiting.Enqueue(i);
            if (waiting.Count > ChecksBehind)
            {
                int oldest = waiting.Dequeue();
                var result = phases.Time("waiting for the golden model, comparing", pending[oldest]!);
                pending[oldest] = () => result;
            }
            works[i] = work with { Output = null };
        }
        checks = pending;
        return works;
    }

    /// <summary>A fused add's other operand: the output of the layer that wrote it, or the add's own seeded tensor.</summary>
    private static Tensor<short> Residual(ScenarioConfig scenario, NetworkGraph graph, Tensor<short>?[] values, int add)
    {
        var producers = graph.Producers[add];
        int slot = graph.ResidualSlot(add);
        if (producers[slot] >= 0) return values[producers[slot]]!;
        // As the add draws it alone: its one input of its own is its generator's first tensor.
        var shape = ((AddLayer)scenario.Layers[add]).Shape;
        var own = new OperandGenerator(scenario.Seed, add).Int8(shape, scenario.Data.ActivationZeroFraction);
        return new Tensor<short>(shape, Array.ConvertAll(own.Data, v => (short)v));
    }

    /// <summary>The tensors a layer's regions hold: its input, its weights, its (fused) output and its residual.</summary>
    private static RegionTensors Regions(NetworkGraph graph, IReadOnlyList<LayerSpec> layers, int root)
    {
        // A layer read by another is never in the middle of a fused chain, so its output is in memory.
        string Input(int layer, int slot) => graph.Producers[layer][slot] is var p && p >= 0 ? OutputTensor(p) : OwnInput(layer, slot);
        string? residual = null;
        if (layers[root] is AddLayer) residual = Input(root, 1);
        foreach (int f in graph.Fused(root))
            if (layers[f] is AddLayer) residual = Input(f, graph.ResidualSlot(f));
        return new RegionTensors(Input(root, 0), layers[root].OnPeArray ? WeightTensor(root) : null,
            OutputTensor(graph.Tail(root)), residual);
    }

    private static string OutputTensor(int layer) => $"output of {layer}";

    private static string OwnInput(int layer, int slot) => $"input {slot} of {layer}";

    private static string WeightTensor(int layer) => $"weights of {layer}";

    /// <summary>
    /// A layer as a step of the program: its regions' tensors, the tensors of its own it sends up the link
    /// first, whether its output leaves the network, and the layers it waits for.
    /// </summary>
    private static ProgramLayer Lowered(ScenarioConfig scenario, NetworkGraph graph, int root, LayerWork work, int[] roots)
    {
        var members = graph.Fused(root).Prepend(root).ToArray();
        // Tensors of the layers' own go up as the host holds them (a convolution's input, not its im2col rows).
        long upload = 0;
        foreach (int m in members)
            for (int slot = 0; slot < graph.Producers[m].Length; slot++)
                if (graph.Producers[m][slot] < 0 && (m == root || slot == graph.ResidualSlot(m)))
                    upload += ScratchpadRequirements.Bytes(scenario.Layers[m].InputElements,
                        ScratchpadRequirements.OperandBits(scenario.Layers[m].InputFormat(scenario.Hardware)));
        var waits = members.SelectMany(m => graph.Producers[m])
            .Where(p => p >= 0 && !members.Contains(p))
            .Select(p => Array.IndexOf(roots, graph.Root(p)))
            .Distinct().Order().ToArray();
        var layer = scenario.Layers[root];
        return new ProgramLayer(layer.Name, layer.TypeName, work, Regions(graph, scenario.Layers, root), upload,
            DownloadsOutput: graph.Readers[graph.Tail(root)] == 0, waits);
    }

}
