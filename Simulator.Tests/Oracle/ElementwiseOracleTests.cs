using Sim.Accelerator;
using Sim.Golden;
using Sim.Operators;
using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// ONNX Runtime against the golden model and the vector unit's kernels for the element-wise arithmetic of transformer and
/// MobileNetV3 graphs, on random seeded tensors. Add, Sub, Mul, Div (fp32, broadcasting) and Sqrt are one IEEE operation
/// per element: bit for bit. int32 Sub, Mul, Div: identical (operands small enough that no result overflows, where C++
/// leaves ORT's result undefined). Pow and ReduceMean round more than once, in an order ORT need not share: each within a
/// bound derived here, and the golden model's own distance from float64 within its one-sided half of that bound.
/// </summary>
[TestFixture]
public class ElementwiseOracleTests
{
    private const int Count = 12;
    private const double U = 5.9604644775390625e-8; // fp32's unit roundoff, 2^-24

    /// <summary>Operand shapes that broadcast as graphs do: a bias, a per-channel scale both ways, a scalar, both sides stretched.</summary>
    private static (int[] A, int[] B) Shapes(Random r, int index)
    {
        int D() => r.Next(1, 7);
        int a = D(), b = D(), c = D(), h = D(), w = D();
        return (index % 6) switch
        {
            0 => ([a, b, c], [b, 1]),
            1 => ([1, c, 1, 1], [a, c, h, w]),
            2 => ([a, c, h, w], [1, c, 1, 1]),
            3 => ([a, b], [a, b]),
            4 => ([], [a, b]),
            _ => ([a, 1, c], [b, 1]),
        };
    }

    private static IEnumerable<TestCaseData> FloatCases() =>
        from op in new[] { "Add", "Sub", "Mul", "Div" }
        from i in Enumerable.Range(0, Count)
        select new TestCaseData(op, i).SetName($"{op} fp32 #{i}");

    [TestCaseSource(nameof(FloatCases))]
    public void BroadcastFp32IsBitExact(string op, int index)
    {
        var r = OracleCases.Rng(80 + op.Length + op[0], index);
        var (sa, sb) = Shapes(r, index);
        var a = new Tensor<float>(sa, OracleCases.Floats(r, Tensor<float>.ElementCount(sa), 10));
        // Divisors kept off zero by at least 1/8, so that every quotient is finite.
        var b = new Tensor<float>(sb, Array.ConvertAll(OracleCases.Floats(r, Tensor<float>.ElementCount(sb), 4), v => op == "Div" ? v + MathF.CopySign(0.125f, v) : v));
        var shape = Ops.BroadcastShape(sa, sb);
        var (ort, outShape) = new OrtModel(op).Input("A", a.Data, sa).Input("B", b.Data, sb).Output<float>("C", shape).Run<float>();
        var (golden, kernel) = op switch
        {
            "Add" => (Ops.Add(a, b), VectorKernels.Add(a, b)),
            "Sub" => (Ops.Sub(a, b), VectorKernels.Sub(a, b)),
            "Mul" => (Ops.Mul(a, b), VectorKernels.Mul(a, b)),
            _ => (Ops.Div(a, b), VectorKernels.Div(a, b)),
        };
        Assert.That(outShape, Is.EqualTo(shape));
        Assert.That(golden.Shape, Is.EqualTo(shape));
        string what = $"{op} [{string.Join(",", sa)}] x [{string.Join(",", sb)}]";
        Assert.That(Bits(golden.Data), Is.EqualTo(Bits(ort)), $"{what}: golden against ORT");
        Assert.That(Bits(kernel.Data), Is.EqualTo(Bits(ort)), $"{what}: vector unit against ORT");
    }

    private static IEnumerable<TestCaseData> IntCases() =>
        from op in new[] { "Sub", "Mul", "Div" }
        from i in Enumerable.Range(0, Count)
        select new TestCaseData(op, i).SetName($"{op} int32 #{i}");

    [TestCaseSource(nameof(IntCases))]
    public void BroadcastInt32IsIdentical(string op, int index)
    {
        var r = OracleCases.Rng(90 + op.Length + op[0], index);
        var (sa, sb) = Shapes(r, index);
        // Products of two values below 2^15 and differences of two below 2^30 fit int32; divisors of both signs, never 0.
        int range = op == "Mul" ? 1 << 15 : 1 << 30;
        var a = new Tensor<int>(sa, Enumerable.Range(0, Tensor<int>.ElementCount(sa)).Select(_ => r.Next(-range, range)).ToArray());
        var b = new Tensor<int>(sb, Enumerable.Range(0, Tensor<int>.ElementCount(sb))
            .Select(_ => op == "Div" ? r.Next(1, 1000) * (r.Next(2) == 0 ? -1 : 1) : r.Next(-range, range)).ToArray());
        var shape = Ops.BroadcastShape(sa, sb);
        var (ort, _) = new OrtModel(op).Input("A", a.Data, sa).Input("B", b.Data, sb).Output<int>("C", shape).Run<int>();
        var (golden, kernel) = op switch
        {
            "Sub" => (Ops.Sub(a, b), VectorKernels.Sub(a, b)),
            "Mul" => (Ops.Mul(a, b), VectorKernels.Mul(a, b)),
            _ => (Ops.Div(a, b), VectorKernels.Div(a, b)),
        };
        Assert.That(golden.Data, Is.EqualTo(ort), "golden against ORT");
        Assert.That(kernel.Data, Is.EqualTo(ort), "vector unit against ORT");
    }

    [Test]
    public void Int32DivisionTruncatesTowardZeroAndWrapsItsOneOverflow()
    {
        var a = new Tensor<int>([6], [7, -7, 7, -7, int.MinValue, int.MaxValue]);
        var b = new Tensor<int>([6], [2, 2, -2, -2, -1, -1]);
        int[] expected = [3, -3, -3, 3, int.MinValue, -int.MaxValue];
        Assert.That(Ops.Div(a, b).Data, Is.EqualTo(expected));
        Assert.That(VectorKernels.Div(a, b).Data, Is.EqualTo(expected));
    }

    [Test]
    public void SqrtIsBitExact([Range(0, Count - 1)] int index)
    {
        var r = OracleCases.Rng(100, index);
        int[] shape = [r.Next(1, 4), r.Next(1, 33)];
        // Magnitudes from 1e-6 to 1e6, and some zeros.
        var x = new Tensor<float>(shape, Enumerable.Range(0, Tensor<float>.ElementCount(shape))
            .Select(_ => r.Next(8) == 0 ? 0f : OracleCases.LogUniform(r, 1e-6, 1e6)).ToArray());
        var (ort, _) = new OrtModel("Sqrt").Input("X", x.Data, shape).Output<float>("Y", shape).Run<float>();
        Assert.That(Bits(Ops.Sqrt(x).Data), Is.EqualTo(Bits(ort)), "golden against ORT");
        Assert.That(Bits(VectorKernels.Sqrt(x).Data), Is.EqualTo(Bits(ort)), "vector unit against ORT");
    }

    /// <summary>
    /// Pow with a constant exponent. The golden model rounds k times (k = |n| - 1 multiplies, one more division for n &lt; 0;
    /// one root for 0.5), so it is within γ_k |x^n| ≈ k u |x^n| of the true power; ORT's pow is within an ulp (2u relative)
    /// of it; they differ by at most (k + 2) u |x^n|, taken at ORT's value with one u to spare.
    /// </summary>
    [Test]
    public void PowIsWithinItsRoundings([Values(2f, 3f, 4f, 1f, 0f, -1f, -2f, 0.5f)] float exponent)
    {
        double worst = 0;
        int n = (int)exponent;
        int k = exponent == 0.5f ? 1 : Math.Max(0, Math.Abs(n) - 1) + (n < 0 ? 1 : 0);
        for (int index = 0; index < 3; index++)
        {
            var r = OracleCases.Rng(110 + (int)(exponent * 2), index);
            int[] shape = [r.Next(1, 4), r.Next(1, 33)];
            // Bases of both signs from 1/8 to 8 (positive for the root): no overflow, underflow or pole.
            var x = new Tensor<float>(shape, Enumerable.Range(0, Tensor<float>.ElementCount(shape))
                .Select(_ => OracleCases.LogUniform(r, 0.125, 8) * (exponent != 0.5f && r.Next(2) == 0 ? -1 : 1)).ToArray());
            var (ort, _) = new OrtModel("Pow").Input("X", x.Data, shape).Constant("Y", new[] { exponent }).Output<float>("Z", shape).Run<float>();
            var golden = exponent == 0.5f ? Ops.Sqrt(x) : Ops.Pow(x, n);
            var kernel = exponent == 0.5f ? VectorKernels.Sqrt(x) : VectorKernels.Pow(x, n);
            Assert.That(Bits(kernel.Data), Is.EqualTo(Bits(golden.Data)), "the vector unit is the golden model bit for bit");
            for (int i = 0; i < ort.Length; i++)
            {
                double exact = Math.Pow(x.Data[i], exponent);
                Assert.That(Math.Abs(golden.Data[i] - exact), Is.LessThanOrEqualTo(k * U * (1 + 1e-6) * Math.Abs(exact)),
                    $"Pow {exponent} #{index} at {x.IndexText(i)}: golden {golden.Data[i]:R} against float64 {exact:R}");
                double distance = Math.Abs(golden.Data[i] - (double)ort[i]);
                worst = Math.Max(worst, distance / (U * Math.Abs(ort[i])));
                Assert.That(distance, Is.LessThanOrEqualTo((k + 3) * U * Math.Abs(ort[i])),
                    $"Pow {exponent} #{index} at {x.IndexText(i)} x = {x.Data[i]:R}: golden {golden.Data[i]:R}, ORT {ort[i]:R}");
            }
        }
        TestContext.Out.WriteLine($"Pow {exponent}: golden at most {worst:G3} u (relative) from ORT; allowed {k + 3}");
    }

    private static IEnumerable<TestCaseData> ReduceMeanCases() =>
        from opset in new[] { 13, 18 }
        from i in Enumerable.Range(0, Count)
        select new TestCaseData(opset, i).SetName($"ReduceMean opset {opset} #{i}");

    /// <summary>
    /// ReduceMean over n elements. The golden model's fp32 sum in index order is within γ_{n-1} Σ|x| of the true sum, and its
    /// one division adds u |mean|: within (n + 1) u Σ|x| / n of the true mean (γ_{n-1} (1 + u) + u &lt;= (n + 1) u for these n).
    /// ORT sums in its own order, within the same bound: the two differ by at most 2 (n + 1) u Σ|x| / n.
    /// </summary>
    [TestCaseSource(nameof(ReduceMeanCases))]
    public void ReduceMeanIsWithinItsSumsBound(int opset, int index)
    {
        var r = OracleCases.Rng(120 + opset, index);
        int rank = r.Next(1, 5);
        var shape = Enumerable.Range(0, rank).Select(_ => r.Next(1, 9)).ToArray();
        // Off-centre data, so that the sums' roundings are not lost in cancellation.
        var x = new Tensor<float>(shape, Array.ConvertAll(OracleCases.Floats(r, Tensor<float>.ElementCount(shape), 3), v => v + 1.5f));
        var axes = Enumerable.Range(0, rank).Where(_ => r.Next(2) == 0).ToArray();
        bool all = axes.Length == 0;
        if (all) axes = Enumerable.Range(0, rank).ToArray();
        bool keepDims = r.Next(2) == 0;
        // Axes given negative half the time, as exporters write them.
        var written = axes.Select(a => r.Next(2) == 0 ? a - rank : a).ToArray();
        var outShape = keepDims ? shape.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray() : shape.Where((_, i) => !axes.Contains(i)).ToArray();
        var model = new OrtModel("ReduceMean").WithOpset(opset).Input("data", x.Data, shape).Attribute("keepdims", keepDims ? 1L : 0L);
        if (!all) model = opset == 13 ? model.Attribute("axes", written) : model.Constant("axes", written.Select(a => (long)a).ToArray(), written.Length);
        var (ort, ortShape) = model.Output<float>("reduced", outShape).Run<float>();

        var golden = Ops.ReduceMean(x, axes, keepDims);
        var reduced = Enumerable.Range(0, rank).Select(d => axes.Contains(d)).ToArray();
        var kernel = VectorKernels.ReduceMean(x, reduced);
        Assert.That(ortShape, Is.EqualTo(outShape));
        Assert.That(golden.Shape, Is.EqualTo(outShape));
        Assert.That(Bits(kernel.Data), Is.EqualTo(Bits(golden.Data)), "the vector unit is the golden model bit for bit");
        int n = axes.Aggregate(1, (p, a) => p * shape[a]);
        var (sums, magnitudes) = (new double[golden.Length], new double[golden.Length]);
        // Each input element's output: its flat index with the reduced coordinates dropped.
        for (int i = 0; i < x.Length; i++)
        {
            int o = 0;
            for (int d = 0, rest = i, stride = x.Length; d < rank; d++)
            {
                stride /= shape[d];
                int c = rest / stride;
                rest %= stride;
                if (!reduced[d]) o = o * shape[d] + c;
            }
            sums[o] += x.Data[i];
            magnitudes[o] += Math.Abs(x.Data[i]);
        }
        for (int o = 0; o < golden.Length; o++)
        {
            double bound = (n + 1) * U * magnitudes[o] / n;
            Assert.That(Math.Abs(golden.Data[o] - sums[o] / n), Is.LessThanOrEqualTo(bound), $"#{index} output {o}: golden against float64");
            Assert.That(Math.Abs(golden.Data[o] - (double)ort[o]), Is.LessThanOrEqualTo(2 * bound), $"#{index} output {o}: golden against ORT");
        }
    }

    private static int[] Bits(float[] v) => Array.ConvertAll(v, BitConverter.SingleToInt32Bits);
}
