using Sim.Numerics;

namespace Sim.Tests.Numerics;

/// <summary>
/// Both OCP 8-bit float formats, every encoding, against <see cref="Fp8Reference"/> (the spec's formula and a
/// brute-force nearest search), never against the code under test.
/// </summary>
[TestFixture]
public class Fp8Tests
{
    /// <summary>One format's entry points in Sim.Numerics, with its independent reference.</summary>
    public sealed record Fmt(string Name, Fp8Reference Ref, Func<byte, float> ToFloat, Func<float, OverflowMode, byte> FromFloat,
        Func<double, OverflowMode, byte> FromDouble)
    {
        public override string ToString() => Name;
    }

    public static readonly Fmt[] Formats =
    [
        new("E4M3", Fp8Reference.E4M3, Fp8E4M3.ToFloat, Fp8E4M3.FromFloat, Fp8E4M3.FromDouble),
        new("E5M2", Fp8Reference.E5M2, Fp8E5M2.ToFloat, Fp8E5M2.FromFloat, Fp8E5M2.FromDouble),
    ];

    private static readonly OverflowMode[] Modes = [OverflowMode.Saturate, OverflowMode.NonSaturating];

    [Test]
    public void E4M3_SpecNamedValues()
    {
        var r = Fp8Reference.E4M3;
        Assert.Multiple(() =>
        {
            Assert.That(r.Values[0x7E], Is.EqualTo(448.0), "max normal S.1111.110");
            Assert.That(r.Values[0xFE], Is.EqualTo(-448.0));
            Assert.That(r.Values[0x08], Is.EqualTo(Math.Pow(2, -6)), "min normal S.0001.000");
            Assert.That(r.Values[0x07], Is.EqualTo(0.875 * Math.Pow(2, -6)), "max subnormal S.0000.111");
            Assert.That(r.Values[0x01], Is.EqualTo(Math.Pow(2, -9)), "min subnormal S.0000.001");
            Assert.That(double.IsNaN(r.Values[0x7F]) && double.IsNaN(r.Values[0xFF]), "NaN is S.1111.111");
            Assert.That(Enumerable.Range(0, 256).Count(b => double.IsNaN(r.Values[b])), Is.EqualTo(2), "one NaN per sign");
            Assert.That(r.Values.Count(double.IsInfinity), Is.Zero, "no infinities");
            Assert.That(r.MaxFiniteCode, Is.EqualTo(Fp8E4M3.MaxFiniteBits));
            Assert.That(Fp8E4M3.ToFloat(0x7E), Is.EqualTo(448f));
            Assert.That(Fp8E4M3.ToFloat(0x01), Is.EqualTo(MathF.Pow(2, -9)));
        });
    }

    [Test]
    public void E5M2_SpecNamedValues()
    {
        var r = Fp8Reference.E5M2;
        Assert.Multiple(() =>
        {
            Assert.That(r.Values[0x7B], Is.EqualTo(57344.0), "max normal S.11110.11");
            Assert.That(r.Values[0x04], Is.EqualTo(Math.Pow(2, -14)), "min normal S.00001.00");
            Assert.That(r.Values[0x03], Is.EqualTo(0.75 * Math.Pow(2, -14)), "max subnormal S.00000.11");
            Assert.That(r.Values[0x01], Is.EqualTo(Math.Pow(2, -16)), "min subnormal S.00000.01");
            Assert.That(r.Values[0x7C], Is.EqualTo(double.PositiveInfinity), "S.11111.00 = Inf");
            Assert.That(r.Values[0xFC], Is.EqualTo(double.NegativeInfinity));
            Assert.That(new[] { 0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF }.All(b => double.IsNaN(r.Values[b])), "S.11111.{01,10,11} = NaN");
            Assert.That(r.MaxFiniteCode, Is.EqualTo(Fp8E5M2.MaxFiniteBits));
            Assert.That(Fp8E5M2.ToFloat(0x7B), Is.EqualTo(57344f));
            Assert.That(Fp8E5M2.ToFloat(0x01), Is.EqualTo(MathF.Pow(2, -16)));
        });
    }

    [TestCaseSource(nameof(Formats))]
    public void EveryEncoding_DecodesToTheSpecValue(Fmt f)
    {
        var bad = new List<string>();
        for (int b = 0; b < 256; b++)
        {
            double expected = f.Ref.Values[b];
            float actual = f.ToFloat((byte)b);
            bool ok = double.IsNaN(expected)
                ? float.IsNaN(actual)
                : BitConverter.SingleToInt32Bits(actual) == BitConverter.SingleToInt32Bits((float)expected);   // -0 too
            if (!ok) bad.Add($"0x{b:X2}: expected {expected}, got {actual}");
        }
        Assert.That(bad, Is.Empty);
    }

    [TestCaseSource(nameof(Formats))]
    public void EveryValue_RoundTrips(Fmt f)
    {
        var bad = new List<string>();
        foreach (var mode in Modes)
            for (int b = 0; b < 256; b++)
            {
                double v = f.Ref.Values[b];
                if (double.IsInfinity(v) && mode == OverflowMode.Saturate) continue;   // Inf saturates: tested below
                int e1 = f.FromFloat((float)v, mode), e2 = f.FromDouble(v, mode);
                bool ok = double.IsNaN(v) ? f.Ref.IsNaNCode(e1) && f.Ref.IsNaNCode(e2) : e1 == b && e2 == b;
                if (!ok) bad.Add($"{mode} 0x{b:X2} ({v}): float -> 0x{e1:X2}, double -> 0x{e2:X2}");
            }
        Assert.That(bad, Is.Empty);
    }

    [TestCaseSource(nameof(Formats))]
    public void Midpoints_TieToEven_AndNeighboursRoundToNearest(Fmt f)
    {
        var bad = new List<string>();
        int checkedCount = 0;
        for (int c = 0; c < f.Ref.MaxFiniteCode; c++)
        {
            double mid = (f.Ref.Values[c] + f.Ref.Values[c + 1]) / 2;   // exact
            int even = (c & 1) == 0 ? c : c + 1;
            Assert.That((double)(float)mid, Is.EqualTo(mid), "midpoint is a float");
            foreach (int sign in new[] { 1, -1 })
                foreach (var mode in Modes)
                {
                    double m = sign * mid;
                    int s = sign < 0 ? 0x80 : 0;
                    Check(f, m, s | even, mode, bad);
                    float below = MathF.BitDecrement((float)Math.Abs(m)) * sign, above = MathF.BitIncrement((float)Math.Abs(m)) * sign;
                    Check(f, below, s | c, mode, bad);
                    Check(f, above, s | (c + 1), mode, bad);
                    // Just off the midpoint in double, where rounding through float first would tie instead.
                    Check(f, sign * (mid - mid * 1e-12), s | c, mode, bad, doubleOnly: true);
                    Check(f, sign * (mid + mid * 1e-12), s | (c + 1), mode, bad, doubleOnly: true);
                    checkedCount += 5;
                }
        }
        Assert.That(bad, Is.Empty, $"{checkedCount} inputs");
    }

    private static void Check(Fmt f, double x, int expected, OverflowMode mode, List<string> bad, bool doubleOnly = false)
    {
        int fromDouble = f.FromDouble(x, mode);
        if (fromDouble != expected) bad.Add($"{mode} FromDouble({x:R}) = 0x{fromDouble:X2}, expected 0x{expected:X2}");
        if (doubleOnly) return;
        int fromFloat = f.FromFloat((float)x, mode);
        if (fromFloat != expected) bad.Add($"{mode} FromFloat({x:R}) = 0x{fromFloat:X2}, expected 0x{expected:X2}");
    }

    [Test]
    public void E4M3_Overflow_SaturatesOrGivesNaN()
    {
        // Above 448 the next step would be 480 (S.1111.111, odd); the midpoint 464 ties to even, to 448.
        Assert.Multiple(() =>
        {
            foreach (var mode in Modes)
            {
                Assert.That(Fp8E4M3.FromFloat(449f, mode), Is.EqualTo(0x7E), $"{mode} 449");
                Assert.That(Fp8E4M3.FromFloat(464f, mode), Is.EqualTo(0x7E), $"{mode} 464 ties to even 448");
                Assert.That(Fp8E4M3.FromFloat(-464f, mode), Is.EqualTo(0xFE), $"{mode} -464");
            }
            float justAbove = MathF.BitIncrement(464f);
            Assert.That(Fp8E4M3.FromFloat(justAbove, OverflowMode.Saturate), Is.EqualTo(0x7E));
            Assert.That(Fp8E4M3.FromFloat(justAbove, OverflowMode.NonSaturating), Is.EqualTo(0x7F));
            Assert.That(Fp8E4M3.FromDouble(464.0000001, OverflowMode.NonSaturating), Is.EqualTo(0x7F));
            Assert.That(Fp8E4M3.FromFloat(-1e6f, OverflowMode.Saturate), Is.EqualTo(0xFE));
            Assert.That(Fp8E4M3.FromFloat(-1e6f, OverflowMode.NonSaturating), Is.EqualTo(0xFF));
            Assert.That(Fp8E4M3.FromFloat(float.PositiveInfinity, OverflowMode.Saturate), Is.EqualTo(0x7E));
            Assert.That(Fp8E4M3.FromFloat(float.NegativeInfinity, OverflowMode.Saturate), Is.EqualTo(0xFE));
            Assert.That(Fp8E4M3.FromFloat(float.PositiveInfinity, OverflowMode.NonSaturating), Is.EqualTo(0x7F));
            Assert.That(Fp8E4M3.FromFloat(float.MaxValue, OverflowMode.NonSaturating), Is.EqualTo(0x7F));
            Assert.That(Fp8E4M3.FromDouble(double.MaxValue, OverflowMode.Saturate), Is.EqualTo(0x7E));
            foreach (var mode in Modes)
            {
                Assert.That(Fp8E4M3.FromFloat(float.NaN, mode) & 0x7F, Is.EqualTo(0x7F), $"{mode} NaN");
                Assert.That(Fp8E4M3.FromDouble(-double.NaN, mode) & 0x7F, Is.EqualTo(0x7F), $"{mode} -NaN");
            }
        });
    }

    [Test]
    public void E5M2_Overflow_SaturatesOrGivesInf()
    {
        // Above 57344 (S.11110.11, odd) the next step is 65536 (S.11111.00, even): the midpoint 61440 overflows.
        Assert.Multiple(() =>
        {
            float justBelow = MathF.BitDecrement(61440f);
            foreach (var mode in Modes)
                Assert.That(Fp8E5M2.FromFloat(justBelow, mode), Is.EqualTo(0x7B), $"{mode} just below 61440");
            Assert.That(Fp8E5M2.FromFloat(61440f, OverflowMode.Saturate), Is.EqualTo(0x7B));
            Assert.That(Fp8E5M2.FromFloat(61440f, OverflowMode.NonSaturating), Is.EqualTo(0x7C), "61440 ties to even: Inf");
            Assert.That(Fp8E5M2.FromFloat(-61440f, OverflowMode.NonSaturating), Is.EqualTo(0xFC));
            Assert.That(Fp8E5M2.FromFloat(1e9f, OverflowMode.Saturate), Is.EqualTo(0x7B));
            Assert.That(Fp8E5M2.FromFloat(-1e9f, OverflowMode.Saturate), Is.EqualTo(0xFB));
            Assert.That(Fp8E5M2.FromFloat(float.PositiveInfinity, OverflowMode.Saturate), Is.EqualTo(0x7B));
            Assert.That(Fp8E5M2.FromFloat(float.NegativeInfinity, OverflowMode.NonSaturating), Is.EqualTo(0xFC));
            foreach (var mode in Modes)
            {
                Assert.That(Fp8E5M2.IsNaN(Fp8E5M2.FromFloat(float.NaN, mode)), $"{mode} NaN");
                Assert.That(Fp8Reference.E5M2.IsNaNCode(Fp8E5M2.FromDouble(double.NaN, mode)), $"{mode} NaN (double)");
            }
        });
    }

    [TestCaseSource(nameof(Formats))]
    public void Underflow_RoundsToSignedZeroOrMinSubnormal(Fmt f)
    {
        double minSub = f.Ref.Values[1];
        Assert.Multiple(() =>
        {
            Assert.That(f.FromDouble(minSub / 2, OverflowMode.Saturate), Is.EqualTo(0x00), "half the min subnormal ties to 0");
            Assert.That(f.FromDouble(-minSub / 2, OverflowMode.Saturate), Is.EqualTo(0x80), "-0");
            Assert.That(f.FromDouble(minSub / 2 * (1 + 1e-12), OverflowMode.Saturate), Is.EqualTo(0x01));
            Assert.That(f.FromDouble(minSub * 1.5, OverflowMode.Saturate), Is.EqualTo(0x02), "1.5 ulp ties to even 2");
            Assert.That(f.FromDouble(double.Epsilon, OverflowMode.Saturate), Is.EqualTo(0x00));
            Assert.That(f.FromFloat(-float.Epsilon, OverflowMode.Saturate), Is.EqualTo(0x80));
            Assert.That(f.FromFloat(-0f, OverflowMode.Saturate), Is.EqualTo(0x80));
            Assert.That(f.FromFloat(0f, OverflowMode.Saturate), Is.EqualTo(0x00));
        });
    }

    /// <summary>Every fp16 value (65,536 inputs, all of fp8's range and beyond), both modes, float and double paths.</summary>
    [TestCaseSource(nameof(Formats))]
    public void EveryFp16Value_EncodesAsTheBruteForceReference(Fmt f)
    {
        var bad = new List<string>();
        foreach (var mode in Modes)
            for (int h = 0; h < 65536; h++)
            {
                float x = (float)BitConverter.UInt16BitsToHalf((ushort)h);
                Compare(f, x, mode, bad);
            }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    /// <summary>A million random floats and doubles spread log-uniformly over and beyond fp8's range.</summary>
    [TestCaseSource(nameof(Formats))]
    public void RandomValues_EncodeAsTheBruteForceReference(Fmt f)
    {
        var rng = new Random(8);
        var bad = new List<string>();
        for (int i = 0; i < 250_000; i++)
        {
            double x = (rng.Next(2) == 0 ? 1 : -1) * Math.Pow(2, rng.NextDouble() * 44 - 24);
            var mode = Modes[i & 1];
            Compare(f, (float)x, mode, bad);
            int got = f.FromDouble(x, mode), want = f.Ref.Encode(x, mode == OverflowMode.Saturate);
            if (got != want) bad.Add($"{mode} FromDouble({x:R}) = 0x{got:X2}, reference 0x{want:X2}");
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    private static void Compare(Fmt f, float x, OverflowMode mode, List<string> bad)
    {
        int want = f.Ref.Encode(x, mode == OverflowMode.Saturate);
        int got = f.FromFloat(x, mode);
        bool ok = want < 0 ? f.Ref.IsNaNCode(got) : got == want;
        if (!ok) bad.Add($"{mode} FromFloat({x:R}) = 0x{got:X2}, reference 0x{want:X2}");
    }
}
