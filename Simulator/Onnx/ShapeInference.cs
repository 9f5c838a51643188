using Sim.Config;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Onnx;

/// <summary>
/// Infers the element type and shape of every value of a topologically ordered graph from its inputs'
/// and initializers', node by node, checking each node's inputs (ranks, matching dimensions, types);
/// every problem is an <see cref="InputError"/> naming the node. Reshape's shape must be a constant.
/// </summary>
internal static class ShapeInference
{
    public static Dictionary<string, ValueShape> Infer(IReadOnlyList<GraphNode> order,
        IReadOnlyDictionary<string, ValueShape> known, IReadOnlyDictionary<string, GraphValue> constants, long opset)
    {
        var shapes = new Dictionary<string, ValueShape>(known, StringComparer.Ordinal);
        foreach (var node in order)
        {
            ValueShape In(int i) => node.Input(i) is { } name ? shapes[name]
                : throw new InputError($"node '{node.Describe}': input {i} is required");
            ValueShape? Optional(int i) => node.Input(i) is { } name ? shapes[name] : null;
            try
            {
                shapes[node.Output] = Node(node, In, Optional, constants, opset);
            }
            catch (ArgumentException e)
            {
                throw new InputError($"node '{node.Describe}': {e.Message}");
            }
        }
        return shapes;
    }

    private static ValueShape Node(GraphNode node, Func<int, ValueShape> input, Func<int, ValueShape?> optional,
        IReadOnlyDictionary<string, GraphValue> constants, long opset)
    {
        string op = node.OpType;
        switch (op)
        {
            case "Conv":
            {
                var x = Expect(node, input(0), GraphElementType.Float, "X");
                var w = Expect(node, input(1), GraphElementType.Float, "W");
                var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
                if (optional(2) is { } b && (b.Shape.Length != 1 || b.Shape[0] != w.Shape[0]))
                    throw Error(node, $"bias {b} should be [{w.Shape[0]}]");
                return new(GraphElementType.Float, ConvOutput(x.Shape, w.Shape, a));
            }
            case "QLinearConv":
            {
                var x = Quantised(node, input(0), "x");
                var w = Quantised(node, input(3), "w");
                var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
                return new(Quantised(node, input(7), "y_zero_point").Type, ConvOutput(x.Shape, w.Shape, a));
            }
            case "ConvInteger":
            {
                var x = Quantised(node, input(0), "x");
                var w = Quantised(node, input(1), "w");
                return new(GraphElementType.Int32, ConvOutput(x.Shape, w.Shape, WindowAttributes.Conv(node, x.Shape, w.Shape)));
            }
            case "Gemm":
            {
                var a = Expect(node, input(0), GraphElementType.Float, "A");
                var b = Expect(node, input(1), GraphElementType.Float, "B");
                if (a.Shape.Length != 2 || b.Shape.Length != 2) throw Error(node, $"A {a} and B {b} must be 2-D");
                bool ta = NodeAttributes.GetInt(node.Proto, "transA", 0) != 0, tb = NodeAttributes.GetInt(node.Proto, "transB", 0) != 0;
                int m = ta ? a.Shape[1] : a.Shape[0], k = ta ? a.Shape[0] : a.Shape[1];
                int k2 = tb ? b.Shape[1] : b.Shape[0], n = tb ? b.Shape[0] : b.Shape[1];
                if (k != k2) throw Error(node, $"inner dimensions differ: A {a} and B {b}");
                if (optional(2) is { } c)
                    Ops.BroadcastShape(c.Shape, [m, n]);
                return new(GraphElementType.Float, [m, n]);
            }
            case "MatMul":
                return new(GraphElementType.Float, MatMulShape(node,
                    Expect(node, input(0), GraphElementType.Float, "A").Shape, Expect(node, input(1), GraphElementType.Float, "B").Shape));
            case "QLinearMatMul":
                return new(Quantised(node, input(7), "y_zero_point").Type,
                    MatMulShape(node, Quantised(node, input(0), "a").Shape, Quantised(node, input(3), "b").Shape));
            case "MatMulInteger":
                return new(GraphElementType.Int32, MatMulShape(node, Quantised(node, input(0), "A").Shape, Quantised(node, input(1), "B").Shape));
            case "Relu":
            case "Clip":
            {
                var x = input(0);
                if (x.Type == GraphElementType.Int64) throw Error(node, "int64 inputs are not supported");
                return x;
            }
            case "Softmax":
            case "BatchNormalization":
                return Expect(node, input(0), GraphElementType.Float, "X");
            case "MaxPool":
            case "AveragePool":
            {
                var x = input(0);
                if (op == "AveragePool") Expect(node, x, GraphElementType.Float, "X");
                else if (x.Type is GraphElementType.Int32 or GraphElementType.Int64) throw Error(node, $"X is {x}; expected float, int8 or uint8");
                var a = WindowAttributes.Pool(node, x.Shape);
                return new(x.Type, [x.Shape[0], x.Shape[1], a.OutputHeight(x.Shape[2]), a.OutputWidth(x.Shape[3])]);
            }
            case "GlobalAveragePool":
            {
                var x = Expect(node, input(0), GraphElementType.Float, "X");
                if (x.Shape.Length != 4) throw Error(node, $"X {x} must be 4-D NCHW");
                return new(x.Type, [x.Shape[0], x.Shape[1], 1, 1]);
            }
            case "Add":
            {
                var a = input(0);
                var b = input(1);
                if (a.Type != b.Type || a.Type is not (GraphElementType.Float or GraphElementType.Int32))
                    throw Error(node, $"inputs {a} and {b} must both be float or both int32");
                return new(a.Type, Ops.BroadcastShape(a.Shape, b.Shape));
            }
            case "Concat":
            {
                var first = input(0);
                int axis = Axis(node, NodeAttributes.GetInt(node.Proto, "axis", long.MinValue), first.Shape.Length, required: true);
                var shape = (int[])first.Shape.Clone();
                for (int i = 1; i < node.Inputs.Length; i++)
                {
                    var other = input(i);
                    if (other.Type != first.Type || other.Shape.Length != shape.Length
                        || Enumerable.Range(0, shape.Length).Any(d => d != axis && other.Shape[d] != shape[d]))
                        throw Error(node, $"input {i} {other} does not concatenate with {first} on axis {axis}");
                    shape[axis] += other.Shape[axis];
                }
                return new(first.Type, shape);
            }
            case "Flatten":
            {
                var x = input(0);
                int axis = Axis(node, NodeAttributes.GetInt(node.Proto, "axis", 1), x.Shape.Length, required: false, allowRank: true);
                int outer = 1, inner = 1;
                for (int d = 0; d < x.Shape.Length; d++) { if (d < axis) outer *= x.Shape[d]; else inner *= x.Shape[d]; }
                return new(x.Type, [outer, inner]);
            }
            case "Reshape":
            {
                var x = input(0);
                string shapeName = node.Input(1) ?? throw Error(node, "input 'shape' is required");
                if (!constants.TryGetValue(shapeName, out var target) || target.IsFloat)
                    throw Error(node, $"the shape input '{shapeName}' must be an int64 initializer or Constant");
                return new(x.Type, ReshapeShape(node, x.Shape, target.Ints.Data, NodeAttributes.GetInt(node.Proto, "allowzero", 0) != 0));
            }
            case "Transpose":
            {
                var x = input(0);
                var perm = Permutation(node, x.Shape.Length);
                return new(x.Type, perm.Select(p => x.Shape[p]).ToArray());
            }
            case "QuantizeLinear":
            {
                Expect(node, input(0), GraphElementType.Float, "x");
                var type = optional(2) is { } zp ? Quantised(node, zp, "y_zero_point").Type : GraphElementType.UInt8;
                return new(type, input(0).Shape);
            }
            case "DequantizeLinear":
            {
                var x = input(0);
                if (x.Type is not (GraphElementType.Int8 or GraphElementType.UInt8 or GraphElementType.Int32))
                    throw Error(node, $"x is {x}; expected int8, uint8 or int32");
                return new(GraphElementType.Float, x.Shape);
            }
            default:
                throw Error(node, $"operator {op} is not supported");
        }
    }

    public static int[] ConvOutput(int[] x, int[] w, ConvAttributes a) =>
        [x[0], w[0], a.OutputHeight(x[2], w[2]), a.OutputWidth(x[3], w[3])];

    /// <summary>
    /// MatMul shapes the PE array runs: A [..., M, K] times B [K, N] (A's leading dimensions fold into M), or
    /// A [b..., M, K] times B [b..., K, N] with equal leading dimensions (a batch of GEMMs). 1-D operands are not supported.
    /// </summary>
    public static int[] MatMulShape(GraphNode node, int[] a, int[] b)
    {
        if (a.Length < 2 || b.Length < 2)
            throw Error(node, $"1-D operands are not supported (A [{string.Join(",", a)}], B [{string.Join(",", b)}])");
        int k = a[^1];
        if (b[^2] != k) throw Error(node, $"inner dimensions differ: A [{string.Join(",", a)}] and B [{string.Join(",", b)}]");
        if (b.Length > 2 && (a.Length != b.Length || !a[..^2].SequenceEqual(b[..^2])))
            throw Error(node, $"batched MatMul needs equal leading dimensions, got A [{string.Join(",", a)}] and B [{string.Join(",", b)}]");
        return [.. a[..^1], b[^1]];
    }

    public static int[] ReshapeShape(GraphNode node, int[] x, int[] target, bool allowZero)
    {
        var shape = new int[target.Length];
        int infer = -1;
        long known = 1, total = x.Aggregate(1L, (p, d) => p * d);
        for (int i = 0; i < target.Length; i++)
        {
            int d = target[i];
            if (d == -1)
            {
                if (infer >= 0) throw Error(node, "shape has more than one -1");
                infer = i;
                continue;
            }
            if (d == 0 && !allowZero)
            {
                if (i >= x.Length) throw Error(node, $"shape[{i}] = 0 copies a dimension the input [{string.Join(",", x)}] lacks");
                d = x[i];
            }
            if (d < 0) throw Error(node, $"shape[{i}] = {d} is invalid");
            shape[i] = d;
            known *= d;
        }
        if (infer >= 0)
        {
            if (known == 0 || total % known != 0) throw Error(node, $"cannot reshape [{string.Join(",", x)}] to [{string.Join(",", target)}]");
            shape[infer] = (int)(total / known);
        }
        else if (known != total) throw Error(node, $"cannot reshape [{string.Join(",", x)}] ({total} elements) to [{string.Join(",", shape)}]");
        return shape;
    }

    public static int[] Permutation(GraphNode node, int rank)
    {
        var perm = NodeAttributes.GetInts(node.Proto, "perm") ?? Enumerable.Range(0, rank).Reverse().ToArray();
        if (perm.Length != rank || perm.Distinct().Count() != rank || perm.Any(p => p < 0 || p >= rank))
            throw Error(node, $"perm [{string.Join(",", perm)}] is not a permutation of {rank} dimensions");
        return perm;
    }

    /// <summary>A (possibly negative) axis attribute in [0, rank) (or [0, rank] for Flatten).</summary>
    public static int Axis(GraphNode node, long axis, int rank, bool required, bool allowRank = false)
    {
        if (axis == long.MinValue)
        {
            if (required) throw Error(node, "attribute axis is required");
            axis = 0;
        }
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a > rank || (a == rank && !allowRank))
            throw Error(node, $"axis {axis} is out of range for rank {rank}");
        return (int)a;
    }

    private static ValueShape Expect(GraphNode node, ValueShape v, GraphElementType type, string what) =>
        v.Type == type ? v : throw Error(node, $"{what} is {v}; expected {GraphValue.Name(type)}");

    private static ValueShape Quantised(GraphNode node, ValueShape v, string what) =>
        v.Type is GraphElementType.Int8 or GraphElementType.UInt8 ? v : throw Error(node, $"{what} is {v}; expected int8 or uint8");

    private static InputError Error(GraphNode node, string message) => new($"node '{node.Describe}': {message}");
}
