using Sim.Config;
using Sim.Accelerator;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>A node's output and the work it gives the accelerator: command stream, check, energy inputs.</summary>
internal sealed record NodeStep(GraphValue Output, LayerWork Work);

/// <summary>What every node needs to make its work: the hardware, its name, the vector unit.</summary>
internal sealed class NodeContext(HardwareConfig hw, string name)
{
    public HardwareConfig Hw { get; } = hw;
    public string Name { get; } = name;
    public VectorUnit Vector { get; } = new(hw.VectorUnit, hw.Scratchpads.Input.CapacityBytes);
}
