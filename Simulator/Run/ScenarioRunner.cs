using System.Diagnostics;
using Sim.Accelerator;
using Sim.Config;
using Sim.Profiling;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// Runs a scenario's layers and gathers their results, in layer order. Layers do not depend on one
/// another's data, so worker threads prepare them (operands, fast model, golden model: see
/// <see cref="LayerRunner.Prepare"/>) up to <see cref="LayersAhead"/> ahead of the one being timed, while
/// this thread times them one after another on the hardware model and, up to <see cref="LayersAhead"/>
/// behind, checks them against their golden outputs. The windows bound the memory that waiting layers'
/// operands hold; every result is what running the layers one by one gives.
/// </summary>
internal static class ScenarioRunner
{
    /// <summary>How many layers may be prepared ahead of the one being timed, and wait behind it for their golden check.</summary>
    public const int LayersAhead = 4;

    /// <param name="onLayerDone">Called after each layer, for progress on a terminal.</param>
    /// <param name="timeline">Where to record what each unit did when, layer after layer; null for no timeline.</param>
    /// <param name="phases">Where to add up the host time of each phase; null for none.</param>
    /// <param name="cancel">Checked before each layer (and, in a network program, as each layer starts on the machine):
    /// a cancelled run ends with <see cref="OperationCanceledException"/>.</param>
    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null,
        TimelineRecorder? timeline = null, RunPhases? phases = null, CancellationToken cancel = default)
    {
        if (scenario.Graph is not null) return GraphRunner.Run(scenario, onLayerDone, timeline, phases, cancel);
        if (scenario.Execution.Offload == Offload.Network) return NetworkRunner.Run(scenario, onLayerDone, timeline, phases, cancel);
        var clock = Stopwatch.StartNew();
        var runner = new LayerRunner(scenario, timeline, phases);
        var results = new List<LayerResult>(scenario.Layers.Count);
        var pending = new Queue<PendingLayer>();
        void FinishOldest()
        {
            var result = pending.Dequeue().Finish();
            onLayerDone?.Invoke(results.Count, result);
            results.Add(result);
        }
        var prepared = new Queue<Task<LayerWork>>();
        int nextToPrepare = 0;
        void PrepareAhead(int current)
        {
            for (; nextToPrepare < scenario.Layers.Count && nextToPrepare <= current + LayersAhead; nextToPrepare++)
            {
                int index = nextToPrepare;
                prepared.Enqueue(Task.Run(() => runner.Prepare(scenario.Layers[index], index)));
            }
        }
        for (int i = 0; i < scenario.Layers.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            PrepareAhead(i);
            var work = prepared.Dequeue().GetAwaiter().GetResult();
            pending.Enqueue(runner.Time(scenario.Layers[i], work));
            if (pending.Count > LayersAhead) FinishOldest();
        }
        while (pending.Count > 0)
        {
            cancel.ThrowIfCancellationRequested();
            FinishOldest();
        }
        return RunSummary.Of(scenario, results, clock.Elapsed.TotalSeconds);
    }
}
