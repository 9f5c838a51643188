using Sim.Config;
using Sim.Scenarios;

namespace Sim.Run;

/// <summary>The hardware a scenario's layers are mapped for: a pipelined layer runs whole on its stage's one core.</summary>
internal static class PipelineMapping
{
    public static HardwareConfig Hardware(ScenarioConfig scenario) =>
        scenario.Execution.Pipelines(scenario.Hardware.Cores, scenario.Batch) ? scenario.Hardware with { Cores = 1 } : scenario.Hardware;
}
