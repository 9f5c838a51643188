using Sim.Numerics;
using Sim.Sfu;

namespace Sim.Config;

/// <summary>
/// A float function of a tensor as a scenario layer: <c>exp</c>, <c>sigmoid</c>, <c>tanh</c>, <c>gelu</c>, <c>softmax</c>,
/// <c>layernorm</c>, <c>hardsigmoid</c> or <c>hardswish</c>. It runs as the ONNX operator of that name runs (<see cref="OpType"/>),
/// on the special-function unit or the vector unit, over activations held in the hardware's float number format; softmax
/// and layernorm work along the last dimension.
/// </summary>
internal sealed record FunctionLayer(string Name, string Function, int[] Shape) : LayerSpec(Name)
{
    /// <summary>Each function's name in a scenario and the ONNX operator that runs it.</summary>
    public static readonly IReadOnlyList<(string Function, string OpType)> Functions =
    [
        ("exp", "Exp"), ("sigmoid", "Sigmoid"), ("tanh", "Tanh"), ("gelu", "Gelu"), ("softmax", "Softmax"),
        ("layernorm", "LayerNormalization"), ("hardsigmoid", "HardSigmoid"), ("hardswish", "HardSwish"),
    ];

    public string OpType => Functions.Single(f => f.Function == Function).OpType;

    /// <summary>The special-function unit's tables the layer cannot run without (softmax without its tables runs on the vector unit).</summary>
    public IReadOnlyList<SfuFunction> Tables => Function switch
    {
        "exp" => [SfuFunction.Exp],
        "sigmoid" => [SfuFunction.Sigmoid],
        "tanh" => [SfuFunction.Tanh],
        "gelu" => [SfuFunction.Gelu],
        "layernorm" => [SfuFunction.Rsqrt],
        _ => [],
    };

    /// <summary>B inferences: the first dimension times B, or a new first dimension for a vector (a softmax's or layernorm's row stays one row).</summary>
    public override LayerSpec Batched(int batch) => this with { Shape = Shape.Length == 1 ? [batch, Shape[0]] : [Shape[0] * batch, .. Shape[1..]] };

    public override string TypeName => Function;
    public override long InputElements => Elements(Shape);
    public override int[] OutputShape => Shape;
    public override ElementFormat InputFormat(HardwareConfig hw) => hw.NumberFormat;
    public override ElementFormat OutputFormat(HardwareConfig hw) => hw.NumberFormat;
}
