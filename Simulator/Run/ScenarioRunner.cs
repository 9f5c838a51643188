using System.Diagnostics;
using Sim.Config;

namespace Sim.Run;

/// <summary>Runs a scenario's layers one after another and gathers their results.</summary>
public static class ScenarioRunner
{
    /// <param name="onLayerDone">Called after each layer, for progress on a terminal.</param>
    public static RunSummary Run(ScenarioConfig scenario, Action<int, LayerResult>? onLayerDone = null)
    {
        var clock = Stopwatch.StartNew();
        var runner = new LayerRunner(scenario);
        var results = new List<LayerResult>(scenario.Layers.Count);
        for (int i = 0; i < scenario.Layers.Count; i++)
        {
            var result = runner.Run(scenario.Layers[i], i);
            results.Add(result);
            onLayerDone?.Invoke(i, result);
        }
        return new RunSummary(
            scenario.Name, scenario.Hardware.Name, scenario.Seed, scenario.Hardware.PeArray.ClockMhz,
            $"{scenario.Hardware.Energy.Name} ({scenario.Hardware.Energy.TechnologyNodeNm} nm)",
            results, clock.Elapsed.TotalSeconds);
    }
}
