using System.Diagnostics;
using Sim.Config;
using Sim.Run;
using Sim.Timeline;

namespace Sim.Graph;

/// <summary>
/// Runs an imported graph node by node with real data: each node's inputs are the outputs of the nodes
/// before it (graph inputs from <see cref="GraphInputs"/>), convolutions and matrix products on the PE
/// array (<see cref="PeArrayNodes"/>) and everything else on the vector unit (<see cref="VectorNodes"/>),
/// each timed, costed and checked against the golden model by <see cref="LayerExecution"/> exactly as a
/// scenario's YAML layers are. A node whose output differs from the golden model is reported and its
/// (accelerator) output still feeds the next nodes.
/// </summary>
public static class GraphRunner
{
    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null, TimelineRecorder? timeline = null)
    {
        var graph = scenario.Graph ?? throw new InvalidOperationException("the scenario has no model");
        var clock = Stopwatch.StartNew();
        var hw = scenario.Hardware;
        var values = new Dictionary<string, GraphValue>(graph.Constants, StringComparer.Ordinal);
        foreach (var (name, value) in GraphInputs.Make(graph, scenario.Seed, scenario.Data.ActivationZeroFraction, scenario.InputPath))
            values[name] = value;
        var execution = new LayerExecution(hw, timeline);
        var results = new List<LayerResult>(graph.Nodes.Count);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            var step = RunNode(new NodeContext(hw, node.Name), node, values, graph.Opset);
            var expected = graph.Shapes[node.Output];
            if (step.Output.Type != expected.Type || !step.Output.Shape.SequenceEqual(expected.Shape))
                throw new InvalidOperationException($"node '{node.Describe}' produced {GraphValue.Name(step.Output.Type)}[{string.Join(",", step.Output.Shape)}], inferred {expected}");
            values[node.Output] = step.Output;
            var result = execution.Execute(node.Name, node.OpType.ToLowerInvariant(), step.Work with { OutputSha256 = step.Output.Sha256() });
            results.Add(result);
            onLayerDone?.Invoke(i, result);
        }
        return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds) with
        {
            Outputs = graph.Outputs.Where(values.ContainsKey).ToDictionary(o => o, o => values[o]),
        };
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
