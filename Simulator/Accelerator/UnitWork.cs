using Sim.Config;
using Sim.Energy;
using Sim.Mapping;
using Sim.Numerics;

namespace Sim.Accelerator;

/// <summary>
/// A layer's work on a unit, made the one way every lowering makes it (scenario layers, ONNX nodes, the
/// networks Sim builds): its command stream, the bytes it takes in and gives out, its MACs and the
/// scratchpad accesses the energy model prices.
/// </summary>
internal static class UnitWork
{
    /// <summary>
    /// A GEMM-shaped layer on the PE array: the fast model runs it (its output lands in
    /// <paramref name="operands"/>), and its work is the tile steps the run gave.
    /// </summary>
    /// <param name="operandCount">Elements of the layer's input and weights together, in the operand format.</param>
    /// <param name="choice">The layer's own <c>mapping:</c>, or null to leave it to the mapper.</param>
    public static LayerWork OnPeArray(HardwareConfig hw, GemmShape shape, IGemmOperands operands, GemmNumerics numerics,
        long operandCount, Func<LayerCheck> check, MappingChoice? choice = null)
    {
        var f = numerics.Format;
        var run = GemmExecutor.Run(hw, shape, operands, numerics, choice);
        var (input, weight, output) = ScratchpadActionCounter.ForGemm(run.Plan, hw.Scratchpads);
        return new LayerWork(check, run.Steps,
            ScratchpadRequirements.Bytes(operandCount, ScratchpadRequirements.OperandBits(f.Operands)),
            ScratchpadRequirements.Bytes(operands.Output.Length, f.Output.Info().Bits),
            shape.Macs, "pe_array", f.ShortName, f.Operands.Name(), new BufferAccesses(input, weight, output), 0, run)
        {
            CoreStepCounts = run.CoreStepCounts,
        };
    }

    /// <summary>
    /// A layer on the vector unit: its steps, the bytes it reads and writes, and its lane operations (one per
    /// element read, or per MAC of a GEMM the unit runs). No PE-array MACs: <paramref name="operandFormat"/>
    /// only names an energy-table row.
    /// </summary>
    public static LayerWork OnVectorUnit(HardwareConfig hw, List<TileStep> steps, long inputBytes, long outputBytes, long reads,
        string format, string operandFormat, Func<LayerCheck> check, long macs = 0)
    {
        var (input, output) = ScratchpadActionCounter.ForVector(inputBytes, reads, outputBytes, hw.Scratchpads);
        var (split, counts) = SplitByElements(hw, steps);
        return new LayerWork(check, split, inputBytes, outputBytes, macs, "vector", format, operandFormat,
            new BufferAccesses(input, default, output), reads)
        {
            CoreStepCounts = counts,
        };
    }

    /// <summary>On a multi-core chip, the steps split across the cores by elements (<see cref="ElementSplit"/>).</summary>
    private static (List<TileStep> Steps, int[]? CoreStepCounts) SplitByElements(HardwareConfig hw, List<TileStep> steps) =>
        hw.Cores == 1 ? (steps, null) : ElementSplit.Of(steps, hw.Cores);

    /// <summary>
    /// A pass of the special-function unit over <paramref name="elements"/> elements of <paramref name="elementBytes"/> each, in and
    /// out through the scratchpads as the vector unit's are: its steps, and one lookup an element for the energy model's <c>sfu</c> component.
    /// </summary>
    public static LayerWork OnSfu(HardwareConfig hw, List<TileStep> steps, long elements, int elementBytes, Func<LayerCheck> check)
    {
        long bytes = elements * elementBytes;
        var (input, output) = ScratchpadActionCounter.ForVector(bytes, elements, bytes, hw.Scratchpads);
        var (split, counts) = SplitByElements(hw, steps);
        return new LayerWork(check, split, bytes, bytes, 0, "sfu", "fp32", hw.NumberFormat.Name(), new BufferAccesses(input, default, output), 0)
        {
            SfuLookups = elements,
            CoreStepCounts = counts,
        };
    }
}
