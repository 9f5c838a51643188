using Sim.Config;
using Sim.Tests.Oracle;

namespace Sim.Tests.Graph;

/// <summary>
/// MatMul, MatMulInteger and QLinearMatMul with numpy broadcasting of the batch dimensions and 1-D operands, run
/// through sim's graph runner (every node against the golden model) and ONNX Runtime on the same inputs: the integer
/// products identical, the float product within fp32's error (vector unit) or bf16's (PE array). ORT gives the
/// output shape independently.
/// </summary>
[TestFixture]
public class MatMulBroadcastTests
{
    private const int F = 1, U8 = 2, I8 = 3, I32 = 6;

    /// <summary>The issue's shapes, 1-D operands, a 2-D A against a batched B, and random broadcasts.</summary>
    private static IEnumerable<TestCaseData> Shapes()
    {
        yield return new TestCaseData(new[] { 3, 66, 92 }, new[] { 1, 92, 16 }).SetName("A[3,66,92] x B[1,92,16]");
        yield return new TestCaseData(new[] { 2, 1, 4, 8 }, new[] { 3, 8, 5 }).SetName("A[2,1,4,8] x B[3,8,5]");
        yield return new TestCaseData(new[] { 5 }, new[] { 5, 3 }).SetName("A[5] x B[5,3]");
        yield return new TestCaseData(new[] { 2, 4, 6 }, new[] { 6 }).SetName("A[2,4,6] x B[6]");
        yield return new TestCaseData(new[] { 7 }, new[] { 2, 7, 3 }).SetName("A[7] x B[2,7,3]");
        yield return new TestCaseData(new[] { 4, 6 }, new[] { 3, 6, 2 }).SetName("A[4,6] x B[3,6,2]");
        var r = new Random(2026);
        for (int i = 0; i < 6; i++)
        {
            var batch = Enumerable.Range(0, r.Next(1, 4)).Select(_ => r.Next(2, 4)).ToArray();
            int[] Side()
            {
                var d = batch.Select(x => r.Next(3) == 0 ? 1 : x).ToArray();
                return d[r.Next(d.Length)..];
            }
            int m = r.Next(1, 9), k = r.Next(1, 17), n = r.Next(1, 9);
            int[] a = [.. Side(), m, k], b = [.. Side(), k, n];
            yield return new TestCaseData(a, b).SetName($"random A[{string.Join(",", a)}] x B[{string.Join(",", b)}]");
        }
    }

    private static float[] Floats(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    private static T[] Ints<T>(int n, int seed, int lo, int hi, Func<int, T> cast)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => cast(r.Next(lo, hi + 1))).ToArray();
    }

    private static int Count(int[] shape) => shape.Aggregate(1, (p, d) => p * d);

    [TestCaseSource(nameof(Shapes))]
    public void MatMulMatchesOrtOnBothUnits(int[] a, int[] b)
    {
        OrtGraph Model()
        {
            var g = new OrtGraph().Input("a", F, a).Constant("b", Floats(Count(b), 31), b);
            g.Node("MatMul", ["a", "b"], "y");
            return g.Output("y", F);
        }
        var (_, sim, ort) = GraphRunnerTests.Both(Model(), GraphRunnerTests.Int8Hw, "mm-broadcast-fp32", 0);
        GraphRunnerTests.AssertClose(sim, ort, 1e-5, 1e-5);
        var (_, simBf16, ortBf16) = GraphRunnerTests.Both(Model(), GraphRunnerTests.Bf16Hw, "mm-broadcast-bf16", 0);
        // bf16 operands: each product within 2^-8 relative of fp32's, |b| <= 1 and standard normal a over K <= 92 terms.
        GraphRunnerTests.AssertClose(simBf16, ortBf16, 0.1, 0.02);
    }

    [TestCaseSource(nameof(Shapes))]
    public void MatMulIntegerIsIdenticalToOrt(int[] a, int[] b)
    {
        var g = new OrtGraph().Input("a", U8, a).Constant("b", Ints(Count(b), 32, 0, 255, v => (byte)v), b)
            .Constant("az", new byte[] { 131 }).Constant("bz", new byte[] { 120 });
        g.Node("MatMulInteger", ["a", "b", "az", "bz"], "y");
        var (_, sim, ort) = GraphRunnerTests.Both(g.Output("y", I32), GraphRunnerTests.Int8Hw, "mmi-broadcast", 0.1);
        GraphRunnerTests.AssertClose(sim, ort, 0, 0);
    }

    [TestCaseSource(nameof(Shapes))]
    public void QLinearMatMulIsIdenticalToOrt(int[] a, int[] b)
    {
        var g = new OrtGraph().Input("a", I8, a).Constant("as", new[] { 0.03f }).Constant("az", new sbyte[] { 3 })
            .Constant("b", Ints(Count(b), 33, -127, 127, v => (sbyte)v), b).Constant("bs", new[] { 0.011f }).Constant("bz", new sbyte[] { -2 })
            .Constant("ys", new[] { 0.7f }).Constant("yz", new sbyte[] { 5 });
        g.Node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys", "yz"], "y");
        var (_, sim, ort) = GraphRunnerTests.Both(g.Output("y", I8), GraphRunnerTests.Int8Hw, "qmm-broadcast", 0.1);
        GraphRunnerTests.AssertClose(sim, ort, 0, 0);
    }

    [Test]
    public void BatchDimensionsThatDoNotBroadcastAreBadInputNamingTheNode()
    {
        var g = new OrtGraph().Input("a", F, 2, 4, 6).Constant("b", Floats(3 * 6 * 2, 34), 3, 6, 2);
        g.Node("MatMul", ["a", "b"], "y", name: "mm");
        string path = g.Output("y", F).Save(Path.Combine(Path.GetTempPath(), "sim-mm-broadcast-" + Environment.ProcessId), "bad");
        var e = Assert.Throws<InputError>(() => Sim.Onnx.Import.OnnxGraph.Load(path))!;
        Assert.That(e.Message, Does.EndWith("node 'mm (MatMul)': batch dimensions do not broadcast: A [2,4,6] and B [3,6,2]"));
    }
}
