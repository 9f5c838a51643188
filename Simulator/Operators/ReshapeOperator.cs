using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>Reshape: a view (<see cref="VectorNodeWork.View"/>). Its target shape must be a constant, so that its output's shape is known at import.</summary>
internal sealed class ReshapeOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Reshape"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Input(0);
        string shapeName = s.Node.Input(1) ?? throw s.Error("input 'shape' is required");
        if (!s.Constants.TryGetValue(shapeName, out var target) || target.IsFloat)
            throw s.Error($"the shape input '{shapeName}' must be an int64 initializer or Constant");
        return new(x.Type, Shape(s.Node, x.Shape, target.Ints.Data));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        return VectorNodeWork.View(ctx, x, Shape(node, x.Shape, input(1)!.Ints.Data));
    }

    /// <summary>The target shape resolved against x: -1 inferred, 0 copies x's dimension (unless allowzero).</summary>
    private static int[] Shape(GraphNode node, int[] x, int[] target)
    {
        bool allowZero = NodeAttributes.GetInt(node.Proto, "allowzero", 0) != 0;
        var shape = new int[target.Length];
        int infer = -1;
        long known = 1, total = x.Aggregate(1L, (p, d) => p * d);
        for (int i = 0; i < target.Length; i++)
        {
            int d = target[i];
            if (d == -1)
            {
                if (infer >= 0) throw NodeShapes.Error(node, "shape has more than one -1");
                infer = i;
                continue;
            }
            if (d == 0 && !allowZero)
            {
                if (i >= x.Length) throw NodeShapes.Error(node, $"shape[{i}] = 0 copies a dimension the input [{string.Join(",", x)}] lacks");
                d = x[i];
            }
            if (d < 0) throw NodeShapes.Error(node, $"shape[{i}] = {d} is invalid");
            shape[i] = d;
            known *= d;
        }
        if (infer >= 0)
        {
            if (known == 0 || total % known != 0) throw NodeShapes.Error(node, $"cannot reshape [{string.Join(",", x)}] to [{string.Join(",", target)}]");
            shape[infer] = (int)(total / known);
        }
        else if (known != total) throw NodeShapes.Error(node, $"cannot reshape [{string.Join(",", x)}] ({total} elements) to [{string.Join(",", shape)}]");
        return shape;
    }
}
