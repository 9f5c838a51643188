using Sim.Sfu;

namespace Sim.Operators;

/// <summary>ONNX's Erf on the special-function unit's erf table (<see cref="ErfKernel"/>).</summary>
internal sealed class ErfOperator() : SfuOperator(SfuFunction.Erf)
{
    public override IReadOnlyList<string> OpTypes => ["Erf"];
}
