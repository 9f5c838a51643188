using Sim.Config;
using Sim.Golden;
using Sim.Numerics;
using Sim.Operators;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// ONNX Runtime against the golden model of the special-function unit's operators (Exp, Sigmoid, Tanh, Gelu in both forms,
/// Erf, Reciprocal, Softmax, LayerNormalization)
/// and of HardSigmoid and HardSwish, on random seeded tensors. SFU operators on the README's example SFU (256 bf16 entries,
/// linear) within its stated bound (<see cref="SfuErrorBound"/>) plus 4 fp32 units of ORT's value (ORT's own kernels round);
/// HardSigmoid and HardSwish within 4 fp32 units of |x| + |y| (ORT may fuse the multiply and add).
/// </summary>
[TestFixture]
public class SfuOracleTests
{
    private const int Count = 12;

    private static IEnumerable<TestCaseData> SfuCases() =>
        from op in new[] { "Exp", "Sigmoid", "Tanh", "Gelu", "Gelu-tanh", "Erf", "Reciprocal" }
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
        var function = op switch
        {
            "Exp" => SfuFunction.Exp, "Sigmoid" => SfuFunction.Sigmoid, "Tanh" => SfuFunction.Tanh, "Erf" => SfuFunction.Erf,
            "Reciprocal" => SfuFunction.Reciprocal, _ => SfuFunction.Gelu,
        };
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

    /// <summary>
    /// LayerNormalization as hardware with the example SFU (rsqrt) runs it, against ORT within <see cref="LayerNormErrorBound"/>
    /// plus 4 fp32 units of ORT's value and of the normalised term (ORT rounds its own mean, variance and output, and a bias can
    /// cancel the term); rows off-centre to exercise the mean's rounding; the golden model's own distance from float64 within
    /// the bound alone.
    /// </summary>
    [Test]
    public void LayerNormOnSfu([Range(0, Count - 1)] int index)
    {
        var r = OracleCases.Rng(70, index);
        int[] shape = [r.Next(1, 4), r.Next(1, 17), r.Next(1, 65)];
        int axis = r.Next(3);
        int[] normalised = shape[axis..];
        int n = Tensor<float>.ElementCount(normalised);
        double offset = r.Next(2) == 0 ? 0 : 20 * r.NextDouble() - 10;
        var x = new Tensor<float>(shape, Array.ConvertAll(OracleCases.Floats(r, Tensor<float>.ElementCount(shape), r.Next(2) == 0 ? 1 : 8), v => (float)(v + offset)));
        var scale = new Tensor<float>(normalised, OracleCases.Floats(r, n, 2));
        var bias = r.Next(3) == 0 ? null : new Tensor<float>(normalised, OracleCases.Floats(r, n, 1));
        float epsilon = r.Next(2) == 0 ? 1e-5f : 1e-3f;
        var sfu = new SfuConfig(16, 256, SfuInterpolation.Linear, ElementFormat.Bf16, [SfuFunction.Rsqrt]);
        var golden = Ops.LayerNormOnSfu(x, scale, bias, epsilon, sfu);
        var allowed = new LayerNormErrorBound(sfu).Allowed(x, scale, bias, epsilon);
        var exact = Ops.LayerNormDouble(x, scale, bias, epsilon);
        var model = new OrtModel("LayerNormalization").WithOpset(17).Attribute("axis", (long)axis).Attribute("epsilon", epsilon)
            .Input("X", x.Data, shape).Input("Scale", scale.Data, normalised);
        if (bias is not null) model.Input("B", bias.Data, normalised);
        var (ort, _) = model.Output<float>("Y", shape).Run<float>();
        double worst = 0;
        for (int i = 0; i < ort.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(golden.Data[i] - exact.Data[i]) / allowed[i]);
            double term = Math.Abs(exact.Data[i] - (bias?.Data[i % n] ?? 0));
            double limit = allowed[i] + 4 * FloatCheck.Unit * (Math.Abs(ort[i]) + term);
            if (!(Math.Abs(golden.Data[i] - (double)ort[i]) <= limit))
                Assert.Fail($"LayerNormalization #{index}: at {x.IndexText(i)}: golden {golden.Data[i]:R}, ORT {ort[i]:R} (allowed {limit:G3})");
        }
        var (abs, ulp) = FloatCheck.Errors(golden, new Tensor<float>(shape, Array.ConvertAll(exact.Data, v => (float)v)), ElementFormat.Fp32);
        TestContext.Out.WriteLine($"LayerNormalization #{index} {string.Join("x", shape)} axis {axis}{(bias is null ? " no bias" : "")} offset {offset:F1}: " +
            $"max abs {abs:G3}, {ulp:G3} ulp, {worst:P1} of the bound");
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
