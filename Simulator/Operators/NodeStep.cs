using Sim.Accelerator;
using Sim.Config;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>A node's output and the work it gives the accelerator: command stream, check, energy inputs.</summary>
internal sealed record NodeStep(GraphValue Output, LayerWork Work);

/// <summary>
/// What every ONNX node is lowered with: the hardware, the node's name (its row), the vector unit, and the
/// model's default-domain opset (Clip's bounds and Softmax's axis moved between opsets).
/// </summary>
internal sealed class NodeContext(HardwareConfig hw, string name, long opset)
{
    public HardwareConfig Hw { get; } = hw;
    public string Name { get; } = name;
    public long Opset { get; } = opset;
    public VectorUnit Vector { get; } = new(hw.VectorUnit, hw.Scratchpads.Input.CapacityBytes);

    /// <summary>
    /// Bytes of one float activation in device memory, as a node's first load reads it and its last store writes it: 4
    /// for a graph's fp32 tensors; a scenario's float function layer keeps the hardware's float format (2 for bf16).
    /// Results a unit passes to itself between its steps stay fp32.
    /// </summary>
    public int FloatBytes { get; init; } = 4;
}
