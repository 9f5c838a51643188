using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Config;

/// <summary>
/// The number formats one PE-array layer runs in: operands (activations and weights), the accumulator, and
/// the output the output stage writes. Integer operands accumulate in int32 or int16 and are requantised to
/// an integer output (ONNX QLinear rule); float operands accumulate in fp32, fp16 or bf16 and convert to a
/// float output (round to nearest even, saturate). The hardware gives the default
/// (<see cref="HardwareConfig.DefaultFormat"/>); a scenario layer's <c>format:</c> overrides it.
/// </summary>
internal sealed record LayerFormat(ElementFormat Operands, ElementFormat Accumulator, ElementFormat Output)
{
    public PeDatapath Datapath => new(Operands, Accumulator);

    public bool IsFloat => Operands.Info().IsFloat;

    /// <summary>"operands/accumulator/output", e.g. "int8/int32/int8", as reports show it.</summary>
    public string ShortName => $"{Operands.Name()}/{Accumulator.Name()}/{Output.Name()}";

    public override string ToString() =>
        $"{Operands.Name()} operands, {Accumulator.Name()} accumulator, {Output.Name()} output";

    /// <summary>The formats a layer's output may take for these operands: the operand formats of the same kind.</summary>
    public static IEnumerable<ElementFormat> OutputsFor(ElementFormat operands) =>
        PeDatapath.OperandFormats.Where(f => f.Info().IsFloat == operands.Info().IsFloat);
}

/// <summary>
/// What a scenario layer's <c>format:</c> key says; null parts fall back to the hardware (accumulator: the
/// hardware's when it is of the operands' kind, else the operands' natural one; output: the operands).
/// </summary>
internal sealed record LayerFormatOverride(ElementFormat? Operands, ElementFormat? Accumulator, ElementFormat? Output)
{
    public LayerFormat Resolve(HardwareConfig hw)
    {
        var operands = Operands ?? hw.NumberFormat;
        var accumulator = Accumulator
            ?? (hw.Accumulator.Info().IsFloat == operands.Info().IsFloat ? hw.Accumulator : operands.Info().Accumulator);
        return new LayerFormat(operands, accumulator, Output ?? operands);
    }
}
