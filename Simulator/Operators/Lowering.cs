using Sim.Accelerator;
using Sim.Config;
using Sim.Profiling;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>
/// What every operator lowers a scenario layer with: the scenario's hardware, seed and data (not the scenario
/// itself, which the layers' operators need not know), where host time is added up, and the pieces every
/// lowering shares: a layer's own int8 inputs, golden models started on another core, and the vector unit's work.
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

    /// <summary>
    /// A vector-unit layer's int8 inputs: each the output another layer computed, or one of its own, drawn in
    /// order from its generator (ReLU and pool inputs are a previous layer's int8 outputs: signed, not yet rectified).
    /// </summary>
    public Tensor<sbyte>[] Int8Inputs(int index, LayerInputs inputs, int[] shape, int count)
    {
        var generator = new OperandGenerator(Seed, index);
        var result = new Tensor<sbyte>[count];
        for (int i = 0; i < count; i++)
            result[i] = inputs.Value(i) is { } given
                ? new Tensor<sbyte>(shape, Array.ConvertAll(given.Data, v => checked((sbyte)v)))
                : Phases.Time("operands", () => generator.Int8(shape, Data.ActivationZeroFraction));
        return result;
    }

    /// <summary>A layer on the vector unit (int8): one operation per element read, and the scratchpad traffic of its passes.</summary>
    public LayerWork OnVectorUnit(string name, Tensor<sbyte> y, Task<Tensor<sbyte>> golden, List<TileStep> steps, long inputBytes, long reads) =>
        UnitWork.OnVectorUnit(Hw, steps, inputBytes, y.Length, reads, "int8", "int8",
            () => new LayerCheck(OutputCheck.Compare(name, golden.Result, y), 0, 0)) with
        {
            OutputSha256 = LayerWork.Sha256(y),
            Output = new Tensor<short>(y.Shape, Array.ConvertAll(y.Data, v => (short)v)),
        };
}
