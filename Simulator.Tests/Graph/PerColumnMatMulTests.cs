namespace Sim.Tests.Graph;

/// <summary>
/// QLinearMatMul with per-column b_scale and b_zero_point ([N], or [..., 1, N] for a batched B), and MatMulInteger
/// with a per-column b_zero_point,
/// through sim's graph runner (bit for bit against the golden model) and ONNX Runtime on random seeded data:
/// identical outputs, int8 and uint8, 2-D, batched and broadcast, and GEMV shapes (one row of A).
/// </summary>
[TestFixture]
public class PerColumnMatMulTests
{
    private const int U8 = 2, I8 = 3, I32 = 6;

    private static IEnumerable<TestCaseData> Cases()
    {
        int[][][] shapes =
        [
            [[12, 40], [40, 9]], [[1, 64], [64, 40]], [[3, 5, 17], [3, 17, 6]], [[2, 1, 30], [30, 50]], [[2, 4, 8], [1, 8, 11]],
        ];
        for (int i = 0; i < shapes.Length; i++)
            foreach (bool uint8 in new[] { false, true })
                yield return new TestCaseData(shapes[i][0], shapes[i][1], uint8, 100 + 2 * i + (uint8 ? 1 : 0))
                    .SetName($"A[{string.Join(",", shapes[i][0])}] x B[{string.Join(",", shapes[i][1])}] {(uint8 ? "uint8" : "int8")}");
    }

    private static OrtGraph Quantised(OrtGraph g, string name, int[] values, bool uint8, params int[] shape) =>
        uint8 ? g.Constant(name, values.Select(v => (byte)v).ToArray(), shape) : g.Constant(name, values.Select(v => (sbyte)v).ToArray(), shape);

    /// <summary>Per-column parameters' shape: [N] for a 2-D B; for a batched one [..., 1, N], one per column of each of its matrices, as ORT takes them.</summary>
    private static int[] Columns(int[] b) => b.Length == 2 ? [b[^1]] : [.. b[..^2], 1, b[^1]];

    private static int Count(int[] shape) => shape.Aggregate(1, (p, d) => p * d);

    private static int[] Values(Random r, int n, bool uint8) => Enumerable.Range(0, n).Select(_ => uint8 ? r.Next(0, 256) : r.Next(-128, 128)).ToArray();

    [TestCaseSource(nameof(Cases))]
    public void QLinearMatMulWithPerColumnScalesIsIdenticalToOrt(int[] a, int[] b, bool uint8, int seed)
    {
        var r = new Random(seed);
        var g = new OrtGraph().Input("a", uint8 ? U8 : I8, a).Constant("as", new[] { 0.02f });
        Quantised(g, "az", [uint8 ? 120 : -3], uint8);
        Quantised(g, "b", Values(r, Count(b), uint8), uint8, b);
        g.Constant("bs", Enumerable.Range(0, Count(Columns(b))).Select(_ => (float)(0.001 + r.NextDouble() * 0.01)).ToArray(), Columns(b));
        Quantised(g, "bz", Values(r, Count(Columns(b)), uint8).Select(v => uint8 ? 96 + v % 64 : v % 20).ToArray(), uint8, Columns(b));
        g.Constant("ys", new[] { 0.9f });
        Quantised(g, "yz", [uint8 ? 130 : 4], uint8);
        g.Node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys", "yz"], "y");
        var (_, sim, ort) = GraphRunnerTests.Both(g.Output("y", uint8 ? U8 : I8), GraphRunnerTests.Int8Hw, "qmm-per-column", 0.1);
        GraphRunnerTests.AssertClose(sim, ort, 0, 0);
    }

    [TestCaseSource(nameof(Cases))]
    public void MatMulIntegerWithPerColumnZeroPointsIsIdenticalToOrt(int[] a, int[] b, bool uint8, int seed)
    {
        var r = new Random(seed);
        var g = new OrtGraph().Input("a", uint8 ? U8 : I8, a);
        Quantised(g, "az", [uint8 ? 128 : 5], uint8);
        Quantised(g, "b", Values(r, Count(b), uint8), uint8, b);
        Quantised(g, "bz", Values(r, Count(Columns(b)), uint8), uint8, Columns(b));
        g.Node("MatMulInteger", ["a", "b", "az", "bz"], "y");
        var (_, sim, ort) = GraphRunnerTests.Both(g.Output("y", I32), GraphRunnerTests.Int8Hw, "mmi-per-column", 0.1);
        GraphRunnerTests.AssertClose(sim, ort, 0, 0);
    }

    [Test]
    public void AScaleCountThatIsNeitherOneNorTheColumnsIsBadInputNamingTheNode()
    {
        var g = new OrtGraph().Input("a", I8, 2, 8).Constant("as", new[] { 0.02f }).Constant("az", new sbyte[] { 0 })
            .Constant("b", new sbyte[8 * 5], 8, 5).Constant("bs", new[] { 0.1f, 0.2f }, 2).Constant("bz", new sbyte[] { 0 })
            .Constant("ys", new[] { 0.9f }).Constant("yz", new sbyte[] { 0 });
        g.Node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys", "yz"], "y", name: "qmm");
        string path = g.Output("y", I8).Save(Path.Combine(Path.GetTempPath(), "sim-per-column-" + Environment.ProcessId), "bad");
        var hw = GraphRunnerTests.Int8Hw;
        var graph = Sim.Onnx.Import.OnnxGraph.Load(path);
        var scenario = new Sim.Scenarios.ScenarioConfig("bad", path, hw, 7, new Sim.Config.DataSource(0, 0), []) { Graph = graph };
        var e = Assert.Throws<Sim.Config.InputError>(() => Sim.Run.GraphRunner.Run(scenario))!;
        Assert.That(e.Message, Does.EndWith("node 'qmm (QLinearMatMul)': b_scale must hold 1 or 5 values, has 2"));
    }
}
