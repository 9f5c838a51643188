using Sim.Sfu;

namespace Sim.Operators;

/// <summary>ONNX's Reciprocal on the special-function unit's reciprocal table (<see cref="ReciprocalKernel"/>), the one Softmax uses for its row sums.</summary>
internal sealed class ReciprocalOperator() : SfuOperator(SfuFunction.Reciprocal)
{
    public override IReadOnlyList<string> OpTypes => ["Reciprocal"];
}
