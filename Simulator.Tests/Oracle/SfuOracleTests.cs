using Sim.Config;
using Sim.Golden;
using Sim.Numerics;
using Sim.Operators;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// ONNX Runtime against the golden model of the special-function unit's operators (Exp, Sigmoid, Tanh, Gelu in both forms)
/// and of HardSigmoid and HardSwish, on random seeded tensors. SFU operators on the README's example SFU (256 bf16 entries,
/// linear) within its stated bound (<see cref="SfuErrorBound"/>) plus 4 fp32 units of ORT's value (ORT's own kernels round);
/// HardSigmoid and HardSwish within 4 fp32 units of |x| + |y| (ORT may fuse the multiply and add).
/// </summary>
[TestFixture]
public class SfuOracleTests
{
    private const int Count = 12;

    private static IEnumerable<TestCaseData> SfuCases() =>
        from op in new[] { "Exp", "Sigmoid", "Tanh", "Gelu", "Gelu-tanh" }
        from i in Enumerable.Range(0, Count)
        select new TestCaseData(op, i).SetName($"{op} #{i}");

    [TestCaseSource(nameof(SfuCases))]
    public void OnSfu(string op, int index)
    {
        var r = OracleCases.Rng(40 + op.Length, index);
        int[] shape = [r.Next(1, 4), r.Next(1, 17), r.Next(1, 17)];
        double scale = op == "Exp" ? 20 : r.Next(3) == 0 ? 30 : 5;
        var x = new Tensor<float>(shape, OracleCases.Floats(r, Tensor<float>.ElementCount(shape), scale));
        bool tanhForm = op == "Gelu-tanh";
        var function = op switch { "Exp" => SfuFunction.Exp, "Sigmoid" => SfuFunction.Sigmoid, "Tanh" => SfuFunction.Tanh, _ => SfuFunction.Gelu };
        var sfu = new SfuConfig(16, 256, SfuInterpolation.Linear, ElementFormat.Bf16, [function]);
        var kernel = SpecialFunctionUnit.Kernel(function, tanhForm);
        var bound = new SfuErrorBound(kernel, sfu);
        var golden = Ops.SpecialFunction(function, tanhForm, sfu, x);

        var model = new OrtModel(op.Split('-')[0]).Input("X", x.Data, shape).Output<float>("Y", shape);
        if (function == SfuFunction.Gelu) model.WithOpset(20).Attribute("approximate", tanhForm ? "tanh" : "none");
        var (ort, outShape) = model.Run<float>();
        Assert.That(outShape, Is.EqualTo(shape));
        for (int i = 0; i < ort.Length; i++)
        {
            double allowed = bound.Allowed(x.Data[i], ort[i]) + 4 * FloatCheck.Unit * Math.Abs(ort[i]);
            if (!(Math.Abs(golden.Data[i] - (double)ort[i]) <= allowed))
                Assert.Fail($"{op} #{index}: at {x.IndexText(i)} x = {x.Data[i]:R}: golden {golden.Data[i]:R}, ORT {ort[i]:R} (allowed {allowed:G3})");
        }
    }

    /// <summary>
    /// Softmax as hardware with the example SFU (exp and reciprocal) runs it, against ORT within <see cref="SoftmaxErrorBound"/>
    /// plus 4 fp32 units of ORT's value; the golden model's own distance from float64 is within the bound alone.
    /// </summary>
    [Test]
    public void SoftmaxOnSfu([Range(0, Count - 1)] int index)
    {
        var r = OracleCases.Rng(60, index);
        int[] shape = [r.Next(1, 4), r.Next(1, 17), r.Next(1, 65)];
        int axis = r.Next(3);
        var x = new Tensor<float>(shape, OracleCases.Floats(r, Tensor<float>.ElementCount(shape), r.Next(2) == 0 ? 4 : 30));
        var sfu = new SfuConfig(16, 256, SfuInterpolation.Linear, ElementFormat.Bf16, [SfuFunction.Exp, SfuFunction.Reciprocal]);
        var golden = Ops.SoftmaxOnSfu(x, axis, sfu);
        var allowed = new SoftmaxErrorBound(sfu).Allowed(x, axis);
        var exact = Ops.SoftmaxDouble(x, axis);
        var (ort, _) = new OrtModel("Softmax").WithOpset(13).Attribute("axis", (long)axis).Input("X", x.Data, shape).Output<float>("Y", shape).Run<float>();
        double worst = 0;
        for (int i = 0; i < ort.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(golden.Data[i] - exact.Data[i]) / allowed[i]);
            double limit = allowed[i] + 4 * FloatCheck.Unit * Math.Abs(ort[i]);
            if (!(Math.Abs(golden.Data[i] - (double)ort[i]) <= limit))
                Assert.Fail($"Softmax #{index}: at {x.IndexText(i)}: golden {golden.Data[i]:R}, ORT {ort[i]:R} (allowed {limit:G3})");
        }
        var (abs, ulp) = FloatCheck.Errors(golden, new Tensor<float>(shape, Array.ConvertAll(exact.Data, v => (float)v)), ElementFormat.Fp32);
        TestContext.Out.WriteLine($"Softmax #{index} {string.Join("x", shape)} axis {axis}: max abs {abs:G3}, {ulp:G3} ulp, {worst:P1} of the bound");
        Assert.That(worst, Is.LessThanOrEqualTo(1));
    }

    [TestCase("HardSigmoid")]
    [TestCase("HardSwish")]
    public void OnVectorUnit(string op)
    {
        for (int index = 0; index < Count; index++)
        {
            var r = OracleCases.Rng(50 + op.Length, index);
            int[] shape = [r.Next(1, 4), r.Next(1, 33)];
            var x = new Tensor<float>(shape, OracleCases.Floats(r, Tensor<float>.ElementCount(shape), 8));
            var model = new OrtModel(op).Input("X", x.Data, shape).Output<float>("Y", shape);
            Tensor<float> golden;
            if (op == "HardSigmoid")
            {
                float alpha = (float)(r.NextDouble() * 0.5), beta = (float)r.NextDouble();
                model.Attribute("alpha", alpha).Attribute("beta", beta);
                golden = Ops.HardSigmoid(x, alpha, beta);
            }
            else golden = Ops.HardSwish(x);
            var (ort, _) = model.Run<float>();
            for (int i = 0; i < ort.Length; i++)
            {
                double allowed = 4 * FloatCheck.Unit * (Math.Abs(x.Data[i]) + Math.Abs(ort[i]));
                if (!(Math.Abs(golden.Data[i] - (double)ort[i]) <= allowed))
                    Assert.Fail($"{op} #{index}: at {x.IndexText(i)} x = {x.Data[i]:R}: golden {golden.Data[i]:R}, ORT {ort[i]:R}");
            }
        }
    }
}
