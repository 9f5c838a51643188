using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// ReLU on the vector unit: one pass over its input, Lanes elements a cycle. Scenario layers <c>relu</c> (int8)
/// and ONNX's Relu (float or integer); either may run in the output stage of the PE-array layer before it.
/// </summary>
internal sealed class ReluOperator : VectorOperator<ReluLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Relu"];

    protected override int[] InputShape(ReluLayer r) => r.Shape;

    protected override VectorPass Pass(VectorUnit vector, ReluLayer r, IReadOnlyList<Tensor<sbyte>> x) =>
        new(VectorUnit.Relu(x[0]), vector.ReluSteps(x[0].Length), x[0].Length, x[0].Length);

    protected override Tensor<sbyte> Golden(ReluLayer r, IReadOnlyList<Tensor<sbyte>> x) => GoldenReference.Relu(x[0]);

    public ValueShape InferShape(NodeShapes s) => s.Elementwise();

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        return x.IsFloat
            ? VectorNodeWork.Float(ctx, [x], VectorKernels.Relu(x.Floats), Ops.Relu(x.Floats), exact: true)
            : VectorNodeWork.Int(ctx, [x], x.Type, VectorKernels.Relu(x.Ints), Ops.Relu(x.Ints, 0));
    }
}
