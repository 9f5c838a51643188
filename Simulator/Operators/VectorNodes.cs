using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// The nodes of an imported graph that run on the vector unit (<see cref="VectorKernels"/>), each checked
/// against the golden model on the same inputs. Cycles: lanes elements a cycle, per pass over the input
/// (element-wise ops, copies: one read per input element; Softmax three; pools kh x kw reads per output;
/// GlobalAveragePool H x W), in chunks of half the input scratchpad. Reshape and Flatten are views: no
/// device work at all. Exact (bit for bit): Relu, Clip, MaxPool, Add, Concat, Transpose, Reshape, Flatten,
/// QuantizeLinear, DequantizeLinear. Within fp32 error of the float64 golden: AveragePool,
/// GlobalAveragePool (sums: window x u relative to the sum of magnitudes), Softmax and BatchNormalization
/// (a few u relative).
/// </summary>
internal static class VectorNodes
{
    private const double Unit = 5.9604644775390625e-8;

    public static NodeStep Run(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input, long opset)
    {
        var x = input(0)!;
        var p = node.Proto;
        switch (node.OpType)
        {
            case "Relu":
                return x.IsFloat
                    ? Float(ctx, [x], VectorKernels.Relu(x.Floats), Ops.Relu(x.Floats), exact: true)
                    : Int(ctx, [x], x.Type, VectorKernels.Relu(x.Ints), Ops.Relu(x.Ints, 0));
            case "Clip":
            {
                if (x.IsFloat)
                {
                    float lo = ClipBound(node, input, 1, opset, "min", float.NegativeInfinity), hi = ClipBound(node, input, 2, opset, "max", float.PositiveInfinity);
                    return Float(ctx, [x], VectorKernels.Clip(x.Floats, lo, hi), Ops.Clip(x.Floats, lo, hi), exact: true);
                }
                int ilo = input(1)?.ScalarInt($"node '{node.Describe}' min") ?? int.MinValue, ihi = input(2)?.ScalarInt($"node '{node.Describe}' max") ?? int.MaxValue;
                return Int(ctx, [x], x.Type, VectorKernels.Clip(x.Ints, ilo, ihi), Ops.Clip(x.Ints, ilo, ihi));
            }
            case "MaxPool":
            case "AveragePool":
            {
                var a = WindowAttributes.Pool(node, x.Shape);
                bool max = node.OpType == "MaxPool";
                int oh = a.OutputHeight(x.Shape[2]), ow = a.OutputWidth(x.Shape[3]);
                var steps = ctx.Vector.PlaneSteps((long)x.Shape[0] * x.Shape[1], (long)x.Shape[2] * x.Shape[3] * GraphValue.ElementBytes(x.Type),
                    (long)oh * ow * a.KernelH * a.KernelW, (long)oh * ow * GraphValue.ElementBytes(x.Type));
                long reads = (long)x.Shape[0] * x.Shape[1] * oh * ow * a.KernelH * a.KernelW;
                if (!x.IsFloat)
                    return Int(ctx, [x], x.Type, VectorKernels.MaxPool(x.Ints, a), Ops.MaxPool(x.Ints, a), steps, reads);
                var y = VectorKernels.Pool(x.Floats, a, max);
                if (max) return Float(ctx, [x], y, Ops.MaxPool(x.Floats, a), exact: true, steps, reads);
                var magnitude = Ops.AveragePool(new Tensor<float>(x.Shape, Array.ConvertAll(x.Data(), MathF.Abs)), a);
                int window = a.KernelH * a.KernelW;
                return Float(ctx, [x], y, Ops.AveragePool(x.Floats, a), exact: false, steps, reads,
                    i => (window + 2) * Unit * magnitude.Data[i]);
            }
            case "GlobalAveragePool":
            {
                long plane = (long)x.Shape[2] * x.Shape[3];
                var steps = ctx.Vector.PlaneSteps((long)x.Shape[0] * x.Shape[1], plane * 4, plane, 4);
                var magnitude = Ops.GlobalAveragePool(new Tensor<float>(x.Shape, Array.ConvertAll(x.Data(), MathF.Abs)));
                return Float(ctx, [x], VectorKernels.GlobalAveragePool(x.Floats), Ops.GlobalAveragePool(x.Floats), exact: false, steps, x.Length,
                    i => (plane + 2) * Unit * magnitude.Data[i]);
            }
            case "Add":
            {
                var b = input(1)!;
                return x.IsFloat
                    ? Float(ctx, [x, b], VectorKernels.Add(x.Floats, b.Floats), Ops.Add(x.Floats, b.Floats), exact: true)
                    : Int(ctx, [x, b], x.Type, VectorKernels.Add(x.Ints, b.Ints), Ops.Add(x.Ints, b.Ints));
            }
            case "Concat":
            {
                var all = Enumerable.Range(0, node.Inputs.Length).Select(i => input(i)!).ToList();
                int axis = ShapeInference.Axis(node, NodeAttributes.GetInt(p, "axis", long.MinValue), x.Shape.Length, required: true);
                return x.IsFloat
                    ? Float(ctx, all, VectorKernels.Concat(all.Select(v => v.Floats).ToList(), axis), Ops.Concat(all.Select(v => v.Floats).ToList(), axis), exact: true)
                    : Int(ctx, all, x.Type, VectorKernels.Concat(all.Select(v => v.Ints).ToList(), axis), Ops.Concat(all.Select(v => v.Ints).ToList(), axis));
            }
            case "Transpose":
            {
                var perm = ShapeInference.Permutation(node, x.Shape.Length);
                return x.IsFloat
                    ? Float(ctx, [x], VectorKernels.Transpose(x.Floats, perm), Ops.Transpose(x.Floats, perm), exact: true)
                    : Int(ctx, [x], x.Type, VectorKernels.Transpose(x.Ints, perm), Ops.Transpose(x.Ints, perm));
            }
            case "Reshape":
            case "Flatten":
            {
                int[] shape;
                if (node.OpType == "Reshape")
                    shape = ShapeInference.ReshapeShape(node, x.Shape, input(1)!.Ints.Data, NodeAttributes.GetInt(p, "allowzero", 0) != 0);
                else
                {
                    int axis = ShapeInference.Axis(node, NodeAttributes.GetInt(p, "axis", 1), x.Shape.Length, required: false, allowRank: true);
                    shape = [x.Shape[..axis].Aggregate(1, (q, d) => q * d), x.Shape[axis..].Aggregate(1, (q, d) => q * d)];
                }
                var y = x.Reshaped(shape);
                // A view: the same bytes in device memory under another shape; no transfer, no cycles.
                return new NodeStep(y, new LayerWork(() => new LayerCheck(
                        y.Length == x.Length ? null : $"layer '{ctx.Name}': reshape changed the element count", 0, 0),
                    [], 0, 0, 0, "vector", GraphValue.Name(x.Type), ctx.Hw.NumberFormat.Name(), default, 0));
            }
            case "Softmax":
            {
                int axis;
                var xf = x.Floats;
                if (opset >= 13)
                    axis = ShapeInference.Axis(node, NodeAttributes.GetInt(p, "axis", -1), x.Shape.Length, required: false);
                else
                {
                    // Before opset 13: the input coerced to 2-D at axis (default 1), softmax over the second dimension.
                    int a = ShapeInference.Axis(node, NodeAttributes.GetInt(p, "axis", 1), x.Shape.Length, required: false, allowRank: true);
                    xf = new Tensor<float>([x.Shape[..a].Aggregate(1, (q, d) => q * d), x.Shape[a..].Aggregate(1, (q, d) => q * d)], xf.Data);
                    axis = 1;
                }
                var y = VectorKernels.Softmax(xf, axis);
                var golden = Ops.Softmax(xf, axis);
                var steps = ctx.Vector.ElementwiseSteps(x.Length, 4, 3, (long)x.Length * 4);
                return Float(ctx, [x], new Tensor<float>(x.Shape, y.Data), new Tensor<float>(x.Shape, golden.Data), exact: false, steps, 3L * x.Length,
                    FloatCheck.Relative(golden, (xf.Shape[axis] + 8)));
            }
            case "BatchNormalization":
            {
                var prm = Enumerable.Range(1, 4).Select(i => input(i)!.Floats.Data).ToArray();
                float eps = NodeAttributes.GetFloat(p, "epsilon", 1e-5f);
                var golden = Ops.BatchNormalization(x.Floats, prm[0], prm[1], prm[2], prm[3], eps);
                return Float(ctx, [x], VectorKernels.BatchNormalization(x.Floats, prm[0], prm[1], prm[2], prm[3], eps), golden, exact: false, bound:
                    i => 16 * Unit * (Math.Abs(golden.Data[i]) + Math.Abs(prm[1][i / Inner(x.Shape) % x.Shape[1]])));
            }
            case "QuantizeLinear":
            {
                var scale = input(1)!.Floats;
                var zpValue = input(2);
                var type = zpValue?.Type ?? GraphElementType.UInt8;
                var zp = zpValue?.Ints ?? new Tensor<int>([], [0]);
                int axis = QuantAxis(node, x, scale.Length);
                var q = GraphValue.Quantized(type);
                var y = VectorKernels.Quantize(x.Floats, scale.Data, Expand(zp.Data, scale.Length), axis, q.MinValue(), q.MaxValue());
                return Int(ctx, [x], type, y, Ops.QuantizeLinear(x.Floats, scale, zp, q, axis));
            }
            case "DequantizeLinear":
            {
                var scale = input(1)!.Floats;
                var zp = input(2)?.Ints;
                int axis = QuantAxis(node, x, scale.Length);
                var y = VectorKernels.Dequantize(x.Ints, scale.Data, Expand(zp?.Data ?? [0], scale.Length), axis);
                return Float(ctx, [x], y, Ops.DequantizeLinear(x.Ints, scale, zp, axis), exact: true);
            }
            default:
                throw new InvalidOperationException($"{node.OpType} does not run on the vector unit");
        }
    }

    private static NodeStep Float(NodeContext ctx, IReadOnlyList<GraphValue> inputs, Tensor<float> y, Tensor<float> golden, bool exact,
        List<TileStep>? steps = null, long? reads = null, Func<int, double>? bound = null)
    {
        long inElements = inputs.Sum(v => (long)v.Length);
        long inBytes = inputs.Sum(v => v.Bytes);
        var check = exact
            ? () => FloatCheck.Exact(ctx.Name, golden, y, null, ElementFormat.Fp32)
            : (Func<LayerCheck>)(() => FloatCheck.Within(ctx.Name, golden, y, bound ?? FloatCheck.Relative(golden, 4)));
        return Work(ctx, GraphValue.Of(y), inputs, inElements, inBytes, (long)y.Length * 4, steps, reads, check, "fp32");
    }

    private static NodeStep Int(NodeContext ctx, IReadOnlyList<GraphValue> inputs, GraphElementType type, Tensor<int> y, Tensor<int> golden,
        List<TileStep>? steps = null, long? reads = null)
    {
        long inElements = inputs.Sum(v => (long)v.Length);
        long inBytes = inputs.Sum(v => v.Bytes);
        return Work(ctx, GraphValue.Of(type, y), inputs, inElements, inBytes, (long)y.Length * GraphValue.ElementBytes(type), steps, reads,
            () => new LayerCheck(OutputCheck.Compare(ctx.Name, golden, y), 0, 0), GraphValue.Name(type));
    }

    private static NodeStep Work(NodeContext ctx, GraphValue output, IReadOnlyList<GraphValue> inputs, long inElements, long inBytes, long outBytes,
        List<TileStep>? steps, long? reads, Func<LayerCheck> check, string format)
    {
        int elementBytes = (int)Math.Max(1, inBytes / Math.Max(1, inElements));
        steps ??= ctx.Vector.ElementwiseSteps(inElements, elementBytes, 1, outBytes);
        return new NodeStep(output, UnitWork.OnVectorUnit(ctx.Hw, steps, inBytes, outBytes, reads ?? inElements, format, ctx.Hw.NumberFormat.Name(), check));
    }

    private static float ClipBound(GraphNode node, Func<int, GraphValue?> input, int index, long opset, string attribute, float fallback)
    {
        if (opset > 0 && opset < 11) return NodeAttributes.GetFloat(node.Proto, attribute, fallback);
        return input(index)?.ScalarFloat($"node '{node.Describe}' {attribute}") ?? fallback;
    }

    private static int QuantAxis(GraphNode node, GraphValue x, int scaleCount)
    {
        if (scaleCount == 1) return 0;
        int axis = ShapeInference.Axis(node, NodeAttributes.GetInt(node.Proto, "axis", 1), x.Shape.Length, required: false);
        if (x.Shape[axis] != scaleCount)
            throw new InputError($"node '{node.Describe}': {scaleCount} scales for dimension {axis} of size {x.Shape[axis]}");
        return axis;
    }

    private static int[] Expand(int[] zeroPoints, int count) => zeroPoints.Length == count ? zeroPoints : Enumerable.Repeat(zeroPoints[0], count).ToArray();

    private static int Inner(int[] shape) => shape[2..].Aggregate(1, (q, d) => q * d);

    private static float[] Data(this GraphValue v) => v.Floats.Data;
}
