using System.Diagnostics;
using Sim.Accelerator;
using Sim.Config;
using Sim.Graph;
using Sim.Onnx.Import;
using Sim.Operators;
using Sim.Profiling;
using Sim.Run;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// Runs an imported graph node by node with real data: each node's inputs are the outputs of the nodes
/// before it (graph inputs from <see cref="GraphInputs"/>), each lowered by its operator (<see cref="OperatorSet"/>):
/// convolutions and matrix products on the PE array, everything else on the vector unit, each checked against
/// the golden model. Offloaded as a network (the default), the nodes are one program on
/// one machine (<see cref="ProgramRunner"/>); with <c>offload: layer</c>, each node runs alone on a fresh one
/// (<see cref="LayerExecution"/>). A node whose output differs from the golden model is reported and its
/// (accelerator) output still feeds the next nodes.
/// </summary>
internal static class GraphRunner
{
    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null, TimelineRecorder? timeline = null,
        RunPhases? phases = null, CancellationToken cancel = default)
    {
        var graph = scenario.Graph ?? throw new InvalidOperationException("the scenario has no model");
        // A node's value found bad only when it runs (a quantisation scale of zero, say) is reported with the model's file.
        return ModelErrors.InFile(graph.Path, () => RunGraph(scenario, graph, onLayerDone, timeline, phases, cancel));
    }

    private static RunSummary RunGraph(ScenarioConfig scenario, OnnxGraph graph, Action<int, LayerResult>? onLayerDone, TimelineRecorder? timeline,
        RunPhases? phases, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var hw = scenario.Hardware;
        var values = new Dictionary<string, GraphValue>(graph.Constants, StringComparer.Ordinal);
        foreach (var (name, value) in GraphInputs.Make(graph, scenario.Seed, scenario.Data.ActivationZeroFraction, scenario.InputPath))
            values[name] = value;
        bool alone = scenario.Execution.Offload == Offload.Layer;
        var execution = alone ? new LayerExecution(hw, timeline, maxCycles: scenario.Execution.MaxCycles) : null;
        var mapped = PipelineMapping.Hardware(scenario);
        var results = new List<LayerResult>(graph.Nodes.Count);
        var works = new LayerWork[graph.Nodes.Count];
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var node = graph.Nodes[i];
            var step = RunNode(new NodeContext(mapped, node.Name, graph.Opset), node, values);
            var expected = graph.Shapes[node.Output];
            if (step.Output.Type != expected.Type || !step.Output.Shape.SequenceEqual(expected.Shape))
                throw new InvalidOperationException($"node '{node.Describe}' produced {GraphValue.Name(step.Output.Type)}[{string.Join(",", step.Output.Shape)}], inferred {expected}");
            values[node.Output] = step.Output;
            works[i] = step.Work with { OutputSha256 = step.Output.Sha256() };
            if (execution is null) continue;
            var result = execution.Execute(node.Name, node.OpType.ToLowerInvariant(), works[i]);
            results.Add(result);
            onLayerDone?.Invoke(i, result);
        }
        if (execution is not null)
            return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds) with { Outputs = Outputs(graph, values) };

        var fusedInto = FusedInto(graph, works, scenario.Execution.Fuse);
        var roots = Enumerable.Range(0, graph.Nodes.Count).Where(i => fusedInto[i] < 0).ToArray();
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++) producer[graph.Nodes[i].Output] = Array.IndexOf(roots, fusedInto[i] < 0 ? i : fusedInto[i]);
        var tail = roots.ToDictionary(r => r, r => Array.IndexOf(fusedInto, r) is var f && f >= 0 ? f : r);
        var uploaded = new HashSet<string>(StringComparer.Ordinal);
        var program = roots.Select(r => Lowered(graph, graph.Nodes[r], graph.Nodes[tail[r]], works[r], values, producer, uploaded)).ToList();

        var constants = graph.Constants.Keys.ToHashSet(StringComparer.Ordinal);
        var timed = ProgramRunner.Run(hw, program, constants, timeline, phases ?? RunPhases.Off, scenario.Execution, cancel, scenario.Batch);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var node = graph.Nodes[i];
            var c = works[i].Check();
            var row = fusedInto[i] < 0
                ? timed.Rows[Array.IndexOf(roots, i)] with { MaxAbsError = c.MaxAbsError, MaxUlpError = c.MaxUlpError }
                : LayerResults.Fused(hw, node.Name, node.OpType.ToLowerInvariant(), timed.Rows[Array.IndexOf(roots, fusedInto[i])], works[i].OutputSha256);
            row = row with { BitExact = c.Mismatch == null, Mismatch = c.Mismatch };
            results.Add(row);
            onLayerDone?.Invoke(i, row);
        }
        return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds) with
        {
            Outputs = Outputs(graph, values),
            Offload = "network",
            Setup = timed.Setup,
            ProgramCycles = timed.Cycles,
            Pipeline = timed.Pipeline,
        };
    }

    /// <summary>
    /// Per node, the PE-array node whose output stage runs it, or -1: a Relu or Clip fuses into the conv or
    /// matrix product whose output it reads, when nothing else reads that output and it is not a graph output.
    /// The fused node's output is computed and checked as its own; only its traffic and time go.
    /// </summary>
    private static int[] FusedInto(OnnxGraph graph, LayerWork[] works, bool fuse)
    {
        var fusedInto = Enumerable.Repeat(-1, graph.Nodes.Count).ToArray();
        if (!fuse) return fusedInto;
        var readers = graph.Nodes.SelectMany(n => n.Inputs.Where(i => i.Length > 0)).Concat(graph.Outputs)
            .GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var producerNode = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (node.OpType is "Relu" or "Clip" && node.Input(0) is { } input && producerNode.TryGetValue(input, out int p)
                && works[p].Unit == "pe_array" && readers[input] == 1 && fusedInto[p] < 0 && Array.IndexOf(fusedInto, p) < 0)
                fusedInto[i] = p;
            producerNode[node.Output] = i;
        }
        return fusedInto;
    }

    private static Dictionary<string, GraphValue> Outputs(OnnxGraph graph, Dictionary<string, GraphValue> values) =>
        graph.Outputs.Where(values.ContainsKey).ToDictionary(o => o, o => values[o]);

    /// <summary>
    /// A node (with the node fused into it, <paramref name="tail"/>, or itself) as a step of the network program. Its activation region holds its first input (a vector node
    /// that reads several reads them from there in turn), a PE-array node's weight region its second; its
    /// output region its output. Constants are preloaded with the weights; a graph input goes up the link
    /// before the first node that reads it; a graph output comes down once written.
    /// </summary>
    private static ProgramLayer Lowered(OnnxGraph graph, GraphNode node, GraphNode tail, LayerWork work, Dictionary<string, GraphValue> values,
        Dictionary<string, int> producer, HashSet<string> uploaded)
    {
        var inputs = node.Inputs.Where(n => n.Length > 0).ToArray();
        long upload = 0;
        foreach (var name in inputs)
            if (!producer.ContainsKey(name) && !graph.Constants.ContainsKey(name) && uploaded.Add(name))
                upload += values[name].Bytes;
        var waits = inputs.Where(producer.ContainsKey).Select(n => producer[n]).Distinct().Order().ToArray();
        bool onPe = work.Unit == "pe_array";
        // A node with a Relu or Clip fused into it stores that node's output in its place.
        var regions = new RegionTensors(inputs.FirstOrDefault(), onPe ? node.Input(1) : null, tail.Output, null);
        return new ProgramLayer(node.Name, node.OpType.ToLowerInvariant(), work, regions, upload,
            DownloadsOutput: graph.Outputs.Contains(tail.Output), waits);
    }

    /// <summary>One node on its unit, from the values computed so far.</summary>
    public static NodeStep RunNode(NodeContext ctx, GraphNode node, IReadOnlyDictionary<string, GraphValue> values)
    {
        GraphValue? Input(int i) => node.Input(i) is { } name ? values[name] : null;
        try
        {
            return OperatorSet.For(node).Lower(ctx, node, Input);
        }
        catch (ArgumentException e)
        {
            throw new InputError($"node '{node.Describe}': {e.Message}");
        }
    }
}
