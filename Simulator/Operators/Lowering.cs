using Sim.Accelerator;
using Sim.Config;
using Sim.Profiling;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>
/// What every operator lowers a scenario layer with: the scenario's hardware, seed and data (not the scenario
/// itself, which the layers' operators need not know), where host time is added up, the vector unit, and
/// golden models started on another core.
/// </summary>
internal sealed class Lowering(HardwareConfig hw, int seed, DataSource data, RunPhases phases)
{
    public HardwareConfig Hw { get; } = hw;
    public int Seed { get; } = seed;
    public DataSource Data { get; } = data;
    public RunPhases Phases { get; } = phases;

    public VectorUnit Vector { get; } = new(hw.VectorUnit, hw.Scratchpads.Input.CapacityBytes);

    /// <summary>The golden model of a layer, started on another core.</summary>
    public Task<T> Golden<T>(Func<T> model) => Task.Run(() => Phases.Time("golden model (other thread)", model));
}
