using System.Diagnostics;
using Sim.Config;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>Runs a scenario's layers one after another and gathers their results.</summary>
public static class ScenarioRunner
{
    /// <param name="onLayerDone">Called after each layer, for progress on a terminal.</param>
    /// <param name="timeline">Where to record what each unit did when, layer after layer; null for no timeline.</param>
    /// <param name="phases">Where to add up the host time of each phase; null for none.</param>
    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null,
        TimelineRecorder? timeline = null, RunPhases? phases = null)
    {
        var clock = Stopwatch.StartNew();
        var runner = new LayerRunner(scenario, timeline, phases);
        var results = new List<LayerResult>(scenario.Layers.Count);
        for (int i = 0; i < scenario.Layers.Count; i++)
        {
            var result = runner.Run(scenario.Layers[i], i);
            results.Add(result);
            onLayerDone?.Invoke(i, result);
        }
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
