using Sim.Config;
using Sim.Graph;
using Sim.Numerics;
using Sim.Onnx;
using Sim.Operators;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Tests.Networks;

/// <summary>
/// How far one node's output on the hardware may lie from ONNX Runtime's fp32 output on the same inputs, element by
/// element, derived from what the hardware does to that operator:
/// <list type="bullet">
/// <item>MatMul and Conv on a float PE array: each operand rounded once to the operand format (unit roundoff u), so a
///   product is off by at most (2u + u²) |a||b|; both sides accumulate in fp32 (at most K u32 each, in different orders);
///   the sum is rounded to the output format (u of the result); Conv's bias is then added in fp32 (u32). Together
///   (3u + 2K u32) sum|a||b| + u |y| + u32 |y|.</item>
/// <item>The special-function unit's operators: the unit's stated bound (<see cref="SfuErrorBound"/>,
///   <see cref="SoftmaxErrorBound"/>, <see cref="LayerNormErrorBound"/>) plus 4 u32 of the value for ORT's own rounding.</item>
/// <item>GlobalAveragePool: two fp32 sums of n terms in different orders, (2n + 2) u32 mean|x|.</item>
/// <item>HardSwish: 4 u32 (|x| + |y|), ORT may fuse its multiply and add.</item>
/// <item>Add, Mul, Div, Relu, Transpose, Reshape: one IEEE operation or a copy: no difference at all.</item>
/// </list>
/// </summary>
internal static class NodeErrorBound
{
    private const double U32 = FloatCheck.Unit;

    public static Func<int, double> For(GraphNode node, HardwareConfig hw, IReadOnlyList<GraphValue?> inputs, Tensor<float> ort)
    {
        var x = inputs[0]!.Floats;
        double Ort(int i) => Math.Abs(ort.Data[i]);
        SfuConfig Sfu() => hw.Sfu ?? throw new InvalidOperationException("the hardware has no SFU");
        switch (node.OpType)
        {
            case "MatMul":
            case "Conv":
            {
                var info = hw.NumberFormat.Info();
                double u = Math.ScaleB(1, -(info.MantissaBits + 1));
                var (magnitude, k) = node.OpType == "MatMul" ? MatMulMagnitude(x, inputs[1]!.Floats) : ConvMagnitude(node, x, inputs[1]!.Floats);
                return i => (3 * u + 2 * k * U32) * magnitude[i] + (u + U32) * Ort(i);
            }
            case "Softmax":
            {
                int axis = (int)NodeAttributes.GetInt(node.Proto, "axis", -1);
                var allowed = new SoftmaxErrorBound(Sfu()).Allowed(x, axis < 0 ? axis + x.Shape.Length : axis);
                return i => allowed[i] + 4 * U32 * Ort(i);
            }
            case "LayerNormalization":
            {
                var scale = inputs[1]!.Floats;
                var bias = inputs.Count > 2 ? inputs[2]?.Floats : null;
                var allowed = new LayerNormErrorBound(Sfu()).Allowed(x, scale, bias, NodeAttributes.GetFloat(node.Proto, "epsilon", 1e-5f));
                return i => allowed[i] + 4 * U32 * (Ort(i) + Math.Abs(ort.Data[i] - (bias?.Data[i % bias.Length] ?? 0)));
            }
            case "Gelu":
            case "Sigmoid":
            {
                var bound = new SfuErrorBound(SpecialFunctionUnit.Kernel(node.OpType == "Gelu" ? SfuFunction.Gelu : SfuFunction.Sigmoid), Sfu());
                return i => bound.Allowed(x.Data[i], ort.Data[i]) + 4 * U32 * Ort(i);
            }
            case "GlobalAveragePool":
            {
                int n = x.Shape[2..].Aggregate(1, (p, d) => p * d);
                return i => (2 * n + 2) * U32 * Enumerable.Range(i * n, n).Sum(j => Math.Abs((double)x.Data[j])) / n;
            }
            case "HardSwish":
                return i => 4 * U32 * (Math.Abs(x.Data[i]) + Ort(i));
            case "Add" or "Mul" or "Div" or "Relu" or "Transpose" or "Reshape":
                return _ => 0;
            default:
                throw new NotSupportedException($"no error bound for {node.OpType}");
        }
    }

    /// <summary>sum_k |a||b| per output of A [..., M, K] x B [K, N] or of equal batch dimensions, and K.</summary>
    private static (double[] Magnitude, int K) MatMulMagnitude(Tensor<float> a, Tensor<float> b)
    {
        int k = a.Shape[^1], n = b.Shape[^1];
        int rows = a.Length / k;
        bool batched = b.Shape.Length > 2;
        int m = a.Shape[^2];
        var y = new double[rows * n];
        for (int r = 0; r < rows; r++)
        {
            int bBase = batched ? r / m * k * n : 0;
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += Math.Abs((double)a.Data[r * k + t] * b.Data[bBase + t * n + j]);
                y[r * n + j] = s;
            }
        }
        return (y, k);
    }

    /// <summary>sum |x||w| per output of a stride-1 2-D convolution with symmetric padding and groups, and its K.</summary>
    private static (double[] Magnitude, int K) ConvMagnitude(GraphNode node, Tensor<float> x, Tensor<float> w)
    {
        int groups = (int)NodeAttributes.GetInt(node.Proto, "group", 1);
        int c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int m = w.Shape[0], cg = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3];
        int pad = kh / 2, mg = m / groups;
        var y = new double[m * h * wd];
        for (int o = 0; o < m; o++)
        for (int oy = 0; oy < h; oy++)
        for (int ox = 0; ox < wd; ox++)
        {
            double s = 0;
            for (int ci = 0; ci < cg; ci++)
            for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
            {
                int iy = oy + ky - pad, ix = ox + kx - pad;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                int channel = o / mg * cg + ci;
                s += Math.Abs((double)x.Data[(channel * h + iy) * wd + ix] * w.Data[((o * cg + ci) * kh + ky) * kw + kx]);
            }
            y[(o * h + oy) * wd + ox] = s;
        }
        return (y, cg * kh * kw);
    }
}
