using Sim.Sfu;

namespace Sim.Operators;

/// <summary>ONNX's Exp on the special-function unit's exp table (<see cref="ExpKernel"/>).</summary>
internal sealed class ExpOperator() : SfuOperator(SfuFunction.Exp)
{
    public override IReadOnlyList<string> OpTypes => ["Exp"];
}
