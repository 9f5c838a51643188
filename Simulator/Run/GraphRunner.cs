using System.Diagnostics;
using Sim.Accelerator;
using Sim.Config;
using Sim.Graph;
using Sim.Run;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// Runs an imported graph node by node with real data: each node's inputs are the outputs of the nodes
/// before it (graph inputs from <see cref="GraphInputs"/>), convolutions and matrix products on the PE
/// array (<see cref="PeArrayNodes"/>) and everything else on the vector unit (<see cref="VectorNodes"/>),
/// each checked against the golden model. Offloaded as a network (the default), the nodes are one program on
/// one machine (<see cref="ProgramRunner"/>); with <c>offload: layer</c>, each node runs alone on a fresh one
/// (<see cref="LayerExecution"/>). A node whose output differs from the golden model is reported and its
/// (accelerator) output still feeds the next nodes.
/// </summary>
internal static class GraphRunner
{
    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null, TimelineRecorder? timeline = null,
        RunPhases? phases = null)
    {
        var graph = scenario.Graph ?? throw new InvalidOperationException("the scenario has no model");
        var clock = Stopwatch.StartNew();
        var hw = scenario.Hardware;
        var values = new Dictionary<string, GraphValue>(graph.Constants, StringComparer.Ordinal);
        foreach (var (name, value) in GraphInputs.Make(graph, scenario.Seed, scenario.Data.ActivationZeroFraction, scenario.InputPath))
            values[name] = value;
        bool alone = scenario.Execution.Offload == Offload.Layer;
        var execution = alone ? new LayerExecution(hw, timeline) : null;
        var results = new List<LayerResult>(graph.Nodes.Count);
        var program = new List<ProgramLayer>(graph.Nodes.Count);
        var checks = new List<Func<LayerCheck>>(graph.Nodes.Count);
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        var uploaded = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            var step = RunNode(new NodeContext(hw, node.Name), node, values, graph.Opset);
            var expected = graph.Shapes[node.Output];
            if (step.Output.Type != expected.Type || !step.Output.Shape.SequenceEqual(expected.Shape))
                throw new InvalidOperationException($"node '{node.Describe}' produced {GraphValue.Name(step.Output.Type)}[{string.Join(",", step.Output.Shape)}], inferred {expected}");
            values[node.Output] = step.Output;
            var work = step.Work with { OutputSha256 = step.Output.Sha256() };
            if (execution is not null)
            {
                var result = execution.Execute(node.Name, node.OpType.ToLowerInvariant(), work);
                results.Add(result);
                onLayerDone?.Invoke(i, result);
                continue;
            }
            program.Add(Lowered(graph, node, work, values, producer, uploaded));
            checks.Add(work.Check);
            producer[node.Output] = i;
        }
        if (execution is not null)
            return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds) with { Outputs = Outputs(graph, values) };

        var constants = graph.Constants.Keys.ToHashSet(StringComparer.Ordinal);
        var timed = ProgramRunner.Run(hw, program, constants, timeline, phases ?? RunPhases.Off);
        for (int i = 0; i < program.Count; i++)
        {
            var c = checks[i]();
            var row = timed.Rows[i] with { BitExact = c.Mismatch == null, Mismatch = c.Mismatch, MaxAbsError = c.MaxAbsError, MaxUlpError = c.MaxUlpError };
            results.Add(row);
            onLayerDone?.Invoke(i, row);
        }
        return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds) with
        {
            Outputs = Outputs(graph, values),
            Offload = "network",
            Setup = timed.Setup,
            ProgramCycles = timed.Cycles,
        };
    }

    private static Dictionary<string, GraphValue> Outputs(OnnxGraph graph, Dictionary<string, GraphValue> values) =>
        graph.Outputs.Where(values.ContainsKey).ToDictionary(o => o, o => values[o]);

    /// <summary>
    /// A node as a step of the network program. Its activation region holds its first input (a vector node
    /// that reads several reads them from there in turn), a PE-array node's weight region its second; its
    /// output region its output. Constants are preloaded with the weights; a graph input goes up the link
    /// before the first node that reads it; a graph output comes down once written.
    /// </summary>
    private static ProgramLayer Lowered(OnnxGraph graph, GraphNode node, LayerWork work, Dictionary<string, GraphValue> values,
        Dictionary<string, int> producer, HashSet<string> uploaded)
    {
        var inputs = node.Inputs.Where(n => n.Length > 0).ToArray();
        long upload = 0;
        foreach (var name in inputs)
            if (!producer.ContainsKey(name) && !graph.Constants.ContainsKey(name) && uploaded.Add(name))
                upload += values[name].Bytes;
        var waits = inputs.Where(producer.ContainsKey).Select(n => producer[n]).Distinct().Order().ToArray();
        bool onPe = work.Unit == "pe_array";
        var regions = new RegionTensors(inputs.FirstOrDefault(), onPe ? node.Input(1) : null, node.Output, null);
        return new ProgramLayer(node.Name, node.OpType.ToLowerInvariant(), work, regions, upload,
            DownloadsOutput: graph.Outputs.Contains(node.Output), waits);
    }

    /// <summary>One node on its unit, from the values computed so far.</summary>
    public static NodeStep RunNode(NodeContext ctx, GraphNode node, IReadOnlyDictionary<string, GraphValue> values, long opset)
    {
        GraphValue? Input(int i) => node.Input(i) is { } name ? values[name] : null;
        try
        {
            return SupportedOperators.OnPeArray(node.OpType)
                ? PeArrayNodes.Run(ctx, node, Input)
                : VectorNodes.Run(ctx, node, Input, opset);
        }
        catch (ArgumentException e)
        {
            throw new InputError($"node '{node.Describe}': {e.Message}");
        }
    }
}
