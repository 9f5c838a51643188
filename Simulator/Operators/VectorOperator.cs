using Sim.Accelerator;
using Sim.Config;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>An operator whose int8 layers run on the vector unit, over inputs a network Sim builds itself gives.</summary>
internal interface IVectorOperator
{
    LayerWork OnGiven(HardwareConfig hw, LayerSpec layer, IReadOnlyList<Tensor<short>> inputs, Func<LayerCheck> check);
}

/// <summary>
/// An int8 layer's pass on the vector unit as the fast model makes it: its output, its command stream, the
/// bytes it reads in and its lane reads (one operation each).
/// </summary>
internal sealed record VectorPass(Tensor<sbyte> Output, List<TileStep> Steps, long InputBytes, long Reads)
{
    /// <summary>The pass as the unit's work, checked by <paramref name="check"/>; the work's Output is the output as raw bits, as the next layer reads it.</summary>
    public LayerWork Work(HardwareConfig hw, Func<LayerCheck> check) =>
        UnitWork.OnVectorUnit(hw, Steps, InputBytes, Output.Length, Reads, "int8", "int8", check) with
        {
            Output = new Tensor<short>(Output.Shape, Array.ConvertAll(Output.Data, v => (short)v)),
        };
}

/// <summary>
/// What the int8 vector-unit operators share (relu, clip, add, pools): their inputs (each the output another
/// layer computed, or one of the layer's own drawn from its generator), the fast model's pass, and the golden
/// model started beside it on the same inputs. A network Sim builds itself gives the inputs instead
/// (<see cref="OnGiven"/>) and checks the network whole.
/// </summary>
internal abstract class VectorOperator<T> : LayerOperator<T>, IVectorOperator where T : LayerSpec
{
    /// <summary>How many tensors the layer reads.</summary>
    protected virtual int InputCount => 1;

    /// <summary>The shape of each tensor the layer reads.</summary>
    protected abstract int[] InputShape(T layer);

    /// <summary>The fast model's pass over the layer's inputs.</summary>
    protected abstract VectorPass Pass(VectorUnit vector, T layer, IReadOnlyList<Tensor<sbyte>> x);

    /// <summary>The golden model's output for the same inputs.</summary>
    protected abstract Tensor<sbyte> Golden(T layer, IReadOnlyList<Tensor<sbyte>> x);

    protected override LayerWork Lower(Lowering ctx, T layer, int index, LayerInputs inputs)
    {
        var x = Inputs(ctx, layer, index, inputs);
        var pass = ctx.Phases.Time("fast model", () => Pass(ctx.Vector, layer, x));
        var golden = ctx.Golden(() => Golden(layer, x));
        return pass.Work(ctx.Hw, () => new LayerCheck(OutputCheck.Compare(layer.Name, golden.Result, pass.Output), 0, 0)) with
        {
            OutputSha256 = LayerWork.Sha256(pass.Output),
        };
    }

    /// <summary>The layer over int8 inputs the caller gives (raw bits); no golden model: <paramref name="check"/> is the caller's.</summary>
    public LayerWork OnGiven(HardwareConfig hw, LayerSpec layer, IReadOnlyList<Tensor<short>> inputs, Func<LayerCheck> check) =>
        Pass(new VectorUnit(hw.VectorUnit, hw.Scratchpads.Input.CapacityBytes), (T)layer,
            inputs.Select(t => Int8(t, InputShape((T)layer))).ToArray()).Work(hw, check);

    /// <summary>
    /// The layer's int8 inputs: each the output another layer computed, or one of its own, drawn in order from
    /// its generator (ReLU and pool inputs are a previous layer's int8 outputs: signed, not yet rectified).
    /// </summary>
    private Tensor<sbyte>[] Inputs(Lowering ctx, T layer, int index, LayerInputs inputs)
    {
        var shape = InputShape(layer);
        var generator = new OperandGenerator(ctx.Seed, index);
        var result = new Tensor<sbyte>[InputCount];
        for (int i = 0; i < result.Length; i++)
            result[i] = inputs.Value(i) is { } given
                ? Int8(given, shape)
                : ctx.Phases.Time("operands", () => generator.Int8(shape, ctx.Data.ActivationZeroFraction));
        return result;
    }

    /// <summary>Raw bits of an int8 tensor as int8 values, refusing any that is not one.</summary>
    private static Tensor<sbyte> Int8(Tensor<short> raw, int[] shape) => new(shape, Array.ConvertAll(raw.Data, v => checked((sbyte)v)));
}
