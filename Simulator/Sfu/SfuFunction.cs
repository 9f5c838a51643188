namespace Sim.Sfu;

/// <summary>The functions a special-function unit's table can be loaded with (hardware YAML <c>sfu.functions</c>).</summary>
internal enum SfuFunction { Exp, Sigmoid, Tanh, Gelu, Reciprocal, Rsqrt, Erf }

internal static class SfuFunctions
{
    /// <summary>Each function as the hardware YAML spells it, in the order errors list them.</summary>
    public static readonly IReadOnlyList<(string Name, SfuFunction Value)> Names =
    [
        ("exp", SfuFunction.Exp), ("sigmoid", SfuFunction.Sigmoid), ("tanh", SfuFunction.Tanh),
        ("gelu", SfuFunction.Gelu), ("reciprocal", SfuFunction.Reciprocal), ("rsqrt", SfuFunction.Rsqrt), ("erf", SfuFunction.Erf),
    ];

    public static string Name(this SfuFunction f) => Names.First(n => n.Value == f).Name;
}
