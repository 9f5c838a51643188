using Sim.Sfu;

namespace Sim.Operators;

/// <summary>ONNX's Sigmoid on the special-function unit's sigmoid table (<see cref="SigmoidKernel"/>).</summary>
internal sealed class SigmoidOperator() : SfuOperator(SfuFunction.Sigmoid)
{
    public override IReadOnlyList<string> OpTypes => ["Sigmoid"];
}
