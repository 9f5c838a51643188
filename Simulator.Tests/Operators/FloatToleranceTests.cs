using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Numerics;
using Sim.Onnx.Import;
using Sim.Operators;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tensors;
using Sim.Tests.Graph;
using Sim.Tests.Run;

namespace Sim.Tests.Operators;

/// <summary>
/// The float self-checks' tolerances in ulps: the two false failures users hit on outputs bit-identical to ONNX
/// Runtime's (a Softmax of widely spread logits on the vector unit, a standalone BatchNormalization of inputs near the
/// mean) reproduced against the old absolute bounds and passing now, ONNX Runtime's own output within the new bounds,
/// and a genuinely wrong output still refused with its error in ulps.
/// </summary>
[TestFixture]
public class FloatToleranceTests
{
    private const int F = 1;
    private const double U = 5.9604644775390625e-8; // 2^-24
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-tolerance-tests-" + Environment.ProcessId);

    /// <summary>Logits uniform in [-20, 20]: a spread of 40 between a row's largest and smallest.</summary>
    private static Tensor<float> SpreadLogits()
    {
        var r = new Random(15);
        return new Tensor<float>([128, 8], Enumerable.Range(0, 128 * 8).Select(_ => (float)(r.NextDouble() * 40 - 20)).ToArray());
    }

    /// <summary>Runs the one-node graph <paramref name="g"/> (its input a constant) through sim's graph runner on int8 hardware without an SFU.</summary>
    private static (RunSummary Run, Tensor<float> Y) RunSim(OrtGraph g, string name)
    {
        string path = g.Save(Directory, name);
        var graph = OnnxGraph.Load(path);
        var hw = TestScenarios.Array16();
        Assert.That(hw.Sfu, Is.Null, "the vector unit's kernels");
        var run = GraphRunner.Run(new ScenarioConfig(name, path, hw, 7, new DataSource(0, 0), []) { Graph = graph });
        return (run, run.Outputs[graph.Outputs[0]].Floats);
    }

    private static float Ulps(float v, int n) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) + n);

    [Test]
    public void ASoftmaxOfWidelySpreadLogitsOnTheVectorUnitPassesAndOrtIsWithinItsBound()
    {
        var x = SpreadLogits();
        var g = new OrtGraph().Constant("x", x.Data, x.Shape);
        g.Node("Softmax", ["x"], "y").Int("axis", 1);
        var (run, y) = RunSim(g.Output("y", F), "softmax-spread");
        Assert.That(run.Layers.Single().Mismatch, Is.Null);

        var golden = Ops.Softmax(x, 1);
        // The old bound, (axis length + 8) u |y|, refuses this output: exp amplifies the rounding of x - max by |x - max|.
        Assert.That(Enumerable.Range(0, y.Length).Any(i => Math.Abs(y.Data[i] - golden.Data[i]) > (8 + 8) * U * Math.Abs(golden.Data[i])),
            "the vector unit's softmax is beyond the old bound somewhere");

        var ort = new OrtGraph().Input("x", F, x.Shape);
        ort.Node("Softmax", ["x"], "y").Int("axis", 1);
        var ortY = ort.Output("y", F).RunOrt(new Dictionary<string, GraphValue> { ["x"] = GraphValue.Of(x) }).Floats;
        var tolerance = SoftmaxTolerance.Of(x, 1, Ops.SoftmaxDouble(x, 1));
        Assert.That(FloatCheck.Within("y", golden, ortY, tolerance).Mismatch, Is.Null, "ONNX Runtime's softmax is within the bound");
    }

    [Test]
    public void ASoftmaxOutputOff64UlpAtItsLargestElementIsRefusedInUlps()
    {
        var x = SpreadLogits();
        var golden = Ops.Softmax(x, 1);
        int k = Enumerable.Range(0, 8).MaxBy(j => x.Data[j]);
        var wrong = new Tensor<float>(x.Shape, (float[])golden.Data.Clone());
        wrong.Data[k] = Ulps(wrong.Data[k], 64);
        // At a row's largest logit, |x - max| = 0: the bound is the row's spread weighted by the softmax + 8 + 6 ulp.
        var tolerance = SoftmaxTolerance.Of(x, 1, Ops.SoftmaxDouble(x, 1));
        Assert.That(tolerance(k).Ulps, Is.InRange(14, 40));
        Assert.That(FloatCheck.Within("y", golden, wrong, tolerance).Mismatch, Does.Contain("off by 64 ulp; allowed"));
    }

    [Test]
    public void AMaskedLogitLeavesTheRestOfItsRowInUlps()
    {
        // Row [0, ln 3, -inf]: p = [1/4, 3/4, 0]; the weighted spread is 1/4 x ln 3 (the masked logit adds nothing), so
        // element 0 allows ln 3 + ln 3 / 4 + 3 + 6 ulp and the masked one any error (its |x - max| is infinite).
        var x = new Tensor<float>([1, 3], [0f, MathF.Log(3f), float.NegativeInfinity]);
        var tolerance = SoftmaxTolerance.Of(x, 1, Ops.SoftmaxDouble(x, 1));
        double ln3 = MathF.Log(3f);
        Assert.That(tolerance(0).Ulps, Is.EqualTo(ln3 + ln3 / 4 + 9).Within(1e-6));
        Assert.That(tolerance(2).Ulps, Is.EqualTo(double.PositiveInfinity));
    }

    /// <summary>
    /// x [1, 2, 3, 4] within 1e-4 of the mean of its channel: 3.7 with a = 2 / sqrt(0.01) = 20 (x a near 74) and -120.3 with
    /// a = 0.5 / sqrt(0.04) = 2.5 (mean a near -300), so y is small beside the products that cancel in it.
    /// </summary>
    private static (OrtGraph Graph, Tensor<float> X, float[][] Parameters) NearTheMean()
    {
        float[] mean = [3.7f, -120.3f];
        var x = new Tensor<float>([1, 2, 3, 4], Enumerable.Range(0, 24).Select(i => mean[i / 12] + (i % 12 - 5.5f) * 1e-5f).ToArray());
        float[][] prm = [[2f, 0.5f], [0.001f, 0f], mean, [0.01f, 0.04f]];
        var g = new OrtGraph().Constant("s", prm[0], 2).Constant("b", prm[1], 2).Constant("m", prm[2], 2).Constant("v", prm[3], 2);
        return (g, x, prm);
    }

    [Test]
    public void AStandaloneBatchNormalizationNearTheMeanPassesAndOrtIsWithinItsBound()
    {
        var (g, x, prm) = NearTheMean();
        g.Constant("x", x.Data, x.Shape).Node("BatchNormalization", ["x", "s", "b", "m", "v"], "y");
        var (run, y) = RunSim(g.Output("y", F), "batchnorm-near-mean");
        Assert.That(run.Layers.Single().Type, Is.EqualTo("batchnormalization"), "not folded: no Conv before it");
        Assert.That(run.Layers.Single().Mismatch, Is.Null);

        var golden = Ops.BatchNormalization(x, prm[0], prm[1], prm[2], prm[3], 1e-5f);
        // The old bound, 16 u (|y| + |bias|), refuses this output: the roundings of x a and mean a cancel into y.
        Assert.That(Enumerable.Range(0, y.Length).Any(i => Math.Abs(y.Data[i] - golden.Data[i]) > 16 * U * (Math.Abs(golden.Data[i]) + prm[1][i / 12])),
            "the vector unit's BatchNormalization is beyond the old bound somewhere");

        var (ort, _, _) = NearTheMean();
        ort.Input("x", F, x.Shape).Node("BatchNormalization", ["x", "s", "b", "m", "v"], "y");
        var ortY = ort.Output("y", F).RunOrt(new Dictionary<string, GraphValue> { ["x"] = GraphValue.Of(x) }).Floats;
        // ORT within the bound this operator derives: 3 ulp + u (6 |x a| + 7 |mean a| + 2 |bias|), a by hand: 20 and 2.5.
        double[] a = [20, 2.5];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i / 12;
            double allowed = 3 * FloatCheck.Ulp(golden.Data[i], ElementFormat.Fp32) + U * (6 * Math.Abs(x.Data[i] * a[c]) + 7 * Math.Abs(prm[2][c] * a[c]) + 2 * prm[1][c]);
            Assert.That(ortY.Data[i], Is.EqualTo(golden.Data[i]).Within(allowed), $"ONNX Runtime at {i}");
        }
    }

    [Test]
    public void ABatchNormalizationOutputTwiceItsBoundOffIsRefused()
    {
        var (_, x, prm) = NearTheMean();
        var golden = Ops.BatchNormalization(x, prm[0], prm[1], prm[2], prm[3], 1e-5f);
        // Element 20 (channel 1, x near -120.3): 3 ulp of y + u (6 |x a| + 7 |mean a|), a = 0.5 / sqrt(0.04 + 1e-5): 2.33e-4.
        var tolerance = BatchNormalizationOperator.Tolerance(x.Data[20], 0.5f, 0f, -120.3f, 0.04f, 1e-5f);
        double a = 0.5 / Math.Sqrt(0.04001);
        Assert.That(tolerance.Allowed(golden.Data[20], ElementFormat.Fp32),
            Is.EqualTo(3 * FloatCheck.Ulp(golden.Data[20], ElementFormat.Fp32) + U * (6 * Math.Abs(x.Data[20] * a) + 7 * 120.3 * a)).Within(1e-9));
        var wrong = new Tensor<float>(x.Shape, (float[])golden.Data.Clone());
        wrong.Data[20] += 4.7e-4f;
        var check = FloatCheck.Within("bn", golden, wrong, i => BatchNormalizationOperator.Tolerance(x.Data[i], prm[0][i / 12], prm[1][i / 12], prm[2][i / 12], prm[3][i / 12], 1e-5f));
        Assert.That(check.Mismatch, Does.StartWith("layer 'bn': output differs from the golden model beyond fp32 error first at [0,1,2,0]: "));
    }
}
