using Sim.Accelerator;
using Sim.Config;
using Sim.Graph;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// An add on the vector unit: both operands loaded a chunk at a time, added a lane at a time. Scenario layers
/// <c>add</c> (int8 residuals, saturating; it may run in the output stage of the PE-array layer before it) and
/// ONNX's Add (float or int32, broadcasting: <see cref="BroadcastOperator"/>, which Sub, Mul and Div share).
/// </summary>
internal sealed class AddOperator : VectorOperator<AddLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Add"];

    protected override int InputCount => 2;

    protected override int[] InputShape(AddLayer a) => a.Shape;

    protected override VectorPass Pass(VectorUnit vector, AddLayer a, IReadOnlyList<Tensor<sbyte>> x) =>
        new(VectorUnit.Add(x[0], x[1]), vector.AddSteps(x[0].Length), 2L * x[0].Length, 2L * x[0].Length);

    protected override Tensor<sbyte> Golden(AddLayer a, IReadOnlyList<Tensor<sbyte>> x) => GoldenReference.Add(x[0], x[1]);

    public ValueShape InferShape(NodeShapes s) => BroadcastOperator.Add.InferShape(s);

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input) => BroadcastOperator.Add.Lower(ctx, node, input);
}
