using System.Diagnostics;
using Sim.Config;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// Runs a scenario's layers one after another and gathers their results. A layer's golden model runs on
/// another core while this one goes on to the next layers (at most <see cref="LayersAhead"/> ahead of the
/// oldest unchecked one, which bounds the memory their operands hold); results come back in layer order.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>How many layers may wait for their golden check while later layers run.</summary>
    public const int LayersAhead = 4;

    /// <param name="onLayerDone">Called after each layer, for progress on a terminal.</param>
    /// <param name="timeline">Where to record what each unit did when, layer after layer; null for no timeline.</param>
    /// <param name="phases">Where to add up the host time of each phase; null for none.</param>
    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null,
        TimelineRecorder? timeline = null, RunPhases? phases = null)
    {
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
        for (int i = 0; i < scenario.Layers.Count; i++)
        {
            pending.Enqueue(runner.Start(scenario.Layers[i], i));
            if (pending.Count > LayersAhead) FinishOldest();
        }
        while (pending.Count > 0) FinishOldest();
        var hw = scenario.Hardware;
        return new RunSummary(scenario.Name, hw.Name, scenario.Seed, hw.PeArray.ClockMhz,
            $"{hw.Energy.Name} ({hw.Energy.TechnologyNodeNm} nm)", results, clock.Elapsed.TotalSeconds)
        {
            PeRows = hw.PeArray.Rows,
            PeCols = hw.PeArray.Cols,
            Memory = hw.Memory.Describe(),
            MemoryPeakGBps = hw.Memory.PeakGBps,
        };
    }
}
