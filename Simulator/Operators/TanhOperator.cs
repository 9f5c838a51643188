using Sim.Sfu;

namespace Sim.Operators;

/// <summary>ONNX's Tanh on the special-function unit's tanh table (<see cref="TanhKernel"/>).</summary>
internal sealed class TanhOperator() : SfuOperator(SfuFunction.Tanh)
{
    public override IReadOnlyList<string> OpTypes => ["Tanh"];
}
