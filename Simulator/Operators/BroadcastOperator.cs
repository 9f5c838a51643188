using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// ONNX's binary arithmetic with numpy broadcasting (Add, Sub, Mul, Div) on the vector unit, float32 or int32:
/// both operands streamed through the unit's stride counters (<see cref="VectorKernels"/>), one lane operation an
/// output element, one read per operand element (a broadcast operand is read once, as Add always charged). Each
/// fp32 result is one IEEE operation, so the unit and the golden model agree bit for bit; int32 results wrap as two's
/// complement, and Div truncates toward zero. An int32 Div by zero has no result: the node is refused, naming the
/// element. Add's ONNX facet is <see cref="AddOperator"/>'s, which delegates here.
/// </summary>
internal sealed class BroadcastOperator(
    string opType,
    Func<Tensor<float>, Tensor<float>, Tensor<float>> fp32,
    Func<Tensor<float>, Tensor<float>, Tensor<float>> fp32Golden,
    Func<Tensor<int>, Tensor<int>, Tensor<int>> int32,
    Func<Tensor<int>, Tensor<int>, Tensor<int>> int32Golden,
    bool divides = false) : IOnnxOperator
{
    public static BroadcastOperator Add { get; } = new("Add", VectorKernels.Add, Ops.Add, VectorKernels.Add, Ops.Add);
    public static BroadcastOperator Sub { get; } = new("Sub", VectorKernels.Sub, Ops.Sub, VectorKernels.Sub, Ops.Sub);
    public static BroadcastOperator Mul { get; } = new("Mul", VectorKernels.Mul, Ops.Mul, VectorKernels.Mul, Ops.Mul);
    public static BroadcastOperator Div { get; } = new("Div", VectorKernels.Div, Ops.Div, VectorKernels.Div, Ops.Div, divides: true);

    public IReadOnlyList<string> OpTypes => [opType];

    public ValueShape InferShape(NodeShapes s)
    {
        var a = s.Input(0);
        var b = s.Input(1);
        if (a.Type != b.Type || a.Type is not (GraphElementType.Float or GraphElementType.Int32))
            throw s.Error($"inputs {a} and {b} must both be float or both int32");
        return new(a.Type, Ops.BroadcastShape(a.Shape, b.Shape));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var a = input(0)!;
        var b = input(1)!;
        if (a.IsFloat)
            return VectorNodeWork.Float(ctx, [a, b], fp32(a.Floats, b.Floats), fp32Golden(a.Floats, b.Floats), exact: true);
        if (divides && Array.IndexOf(b.Ints.Data, 0) is var zero and >= 0)
            throw NodeShapes.Error(node, $"int32 division by zero: B{b.Ints.IndexText(zero)} is 0");
        return VectorNodeWork.Int(ctx, [a, b], a.Type, int32(a.Ints, b.Ints), int32Golden(a.Ints, b.Ints));
    }
}
