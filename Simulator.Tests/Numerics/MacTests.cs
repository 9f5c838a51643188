using Sim.Numerics;

namespace Sim.Tests.Numerics;

[TestFixture]
public class MacTests
{
    // The double product of two floats is exact (24 + 24 significand bits <= 53, exponents in range), so a
    // float product equal to it was not rounded.
    private static bool ExactInFp32(float a, float b) => (double)(a * b) == (double)a * b || (float.IsNaN(a * b));

    [Test]
    public void EveryFp8Product_IsExactInFp32()
    {
        var bad = new List<string>();
        for (int i = 0; i < 256; i++)
            for (int j = 0; j < 256; j++)
            {
                (float, float)[] pairs =
                [
                    (Fp8E4M3.ToFloat((byte)i), Fp8E4M3.ToFloat((byte)j)),
                    (Fp8E5M2.ToFloat((byte)i), Fp8E5M2.ToFloat((byte)j)),
                    (Fp8E4M3.ToFloat((byte)i), Fp8E5M2.ToFloat((byte)j)),
                ];
                foreach (var (a, b) in pairs)
                    if (float.IsFinite(a) && float.IsFinite(b) && !ExactInFp32(a, b)) bad.Add($"{a:R} * {b:R}");
                if (FloatMac.MultiplyE4M3((byte)i, (byte)j) is var p && !float.IsNaN(p) && p != pairs[0].Item1 * pairs[0].Item2) bad.Add($"E4M3 {i},{j}");
                if (FloatMac.MultiplyE5M2((byte)i, (byte)j) is var q && !float.IsNaN(q) && q != pairs[1].Item1 * pairs[1].Item2) bad.Add($"E5M2 {i},{j}");
            }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} inexact");
    }

    [Test]
    public void Fp16Products_AreExactInFp32()
    {
        var rng = new Random(1616);
        var bad = new List<string>();
        // Extremes first: min subnormal, max subnormal, min normal, max, and their products with everything.
        ushort[] extremes = [0x0001, 0x03FF, 0x0400, 0x7BFF, 0x3C01, 0x3FFF];
        for (int b = 0; b < 0x7C00; b++)
            foreach (var e in extremes)
                if (!ExactInFp32(Fp16.ToFloat((ushort)b), Fp16.ToFloat(e))) bad.Add($"0x{b:X4} * 0x{e:X4}");
        for (int i = 0; i < 1_000_000; i++)
        {
            ushort a = (ushort)rng.Next(0x10000), b = (ushort)rng.Next(0x10000);
            float fa = Fp16.ToFloat(a), fb = Fp16.ToFloat(b);
            if (float.IsFinite(fa) && float.IsFinite(fb) && (!ExactInFp32(fa, fb) || FloatMac.MultiplyFp16(a, b) != fa * fb))
                bad.Add($"0x{a:X4} * 0x{b:X4}");
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} inexact");
    }

    [Test]
    public void Bf16Products_AreExactInsideFp32Range_AndOverflowToInf()
    {
        var rng = new Random(1600);
        var bad = new List<string>();
        for (int i = 0; i < 1_000_000; i++)
        {
            // Exponents chosen so the product stays within fp32's normal range.
            ushort a = (ushort)((rng.Next(2) << 15) | (rng.Next(127 - 60, 127 + 60) << 7) | rng.Next(128));
            ushort b = (ushort)((rng.Next(2) << 15) | (rng.Next(127 - 60, 127 + 60) << 7) | rng.Next(128));
            float p = FloatMac.MultiplyBf16(a, b);
            if ((double)p != (double)Bf16.ToFloat(a) * Bf16.ToFloat(b)) bad.Add($"0x{a:X4} * 0x{b:X4}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} inexact");
            Assert.That(FloatMac.MultiplyBf16(0x7F7F, 0x4000), Is.EqualTo(float.PositiveInfinity), "max * 2 overflows fp32");
        });
    }

    [Test]
    public void Accumulation_IsIeeeFp32AddInOrder()
    {
        // Reference: each step in double, then rounded to float; double has more than 2 * 24 + 2 bits, so
        // this is the correctly rounded fp32 sum of each step.
        var rng = new Random(32);
        float acc = 0;
        float reference = 0;
        for (int i = 0; i < 100_000; i++)
        {
            byte a = (byte)rng.Next(256), b = (byte)rng.Next(256);
            if (Fp8E4M3.IsNaN(a) || Fp8E4M3.IsNaN(b)) continue;
            float pa = Fp8E4M3.ToFloat(a), pb = Fp8E4M3.ToFloat(b);
            acc = FloatMac.Mac(acc, pa, pb);
            reference = (float)((double)reference + (double)pa * pb);
            if (BitConverter.SingleToInt32Bits(acc) != BitConverter.SingleToInt32Bits(reference)) break;
        }
        Assert.Multiple(() =>
        {
            Assert.That(acc, Is.EqualTo(reference));
            Assert.That(FloatMac.Accumulate(1e8f, 1f), Is.EqualTo(1e8f), "1e8 + 1 rounds away in fp32");
            Assert.That(FloatMac.Accumulate(16777216f, 1f), Is.EqualTo(16777216f), "2^24 + 1 ties to even");
            Assert.That(FloatMac.Accumulate(16777216f, 3f), Is.EqualTo(16777220f), "2^24 + 3 ties to even, up");
        });
    }

    [Test]
    public void ToOutput_RoundsToNearestEven_AndSaturates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ElementFormats.DefaultOverflow, Is.EqualTo(OverflowMode.Saturate));
            Assert.That(FloatMac.ToOutput(500f, ElementFormat.Fp8E4M3), Is.EqualTo(0x7Eu));
            Assert.That(FloatMac.ToOutput(float.NegativeInfinity, ElementFormat.Fp8E4M3), Is.EqualTo(0xFEu));
            Assert.That(FloatMac.ToOutput(1e6f, ElementFormat.Fp8E5M2), Is.EqualTo(0x7Bu));
            Assert.That(FloatMac.ToOutput(1e6f, ElementFormat.Fp16), Is.EqualTo(0x7BFFu));
            Assert.That(FloatMac.ToOutput(float.MaxValue, ElementFormat.Bf16), Is.EqualTo(0x7F7Fu));
            Assert.That(FloatMac.ToOutput(float.PositiveInfinity, ElementFormat.Fp32), Is.EqualTo(BitConverter.SingleToUInt32Bits(float.MaxValue)));
            Assert.That(Fp8E4M3.IsNaN((byte)FloatMac.ToOutput(float.NaN, ElementFormat.Fp8E4M3)));
            Assert.That(Fp16.IsNaN((ushort)FloatMac.ToOutput(float.NaN, ElementFormat.Fp16)));
            Assert.That(FloatMac.ToOutput(1.0625f, ElementFormat.Fp8E4M3), Is.EqualTo(0x38u), "1 + 1/16 ties to even 1.0");
            Assert.That(FloatMac.ToOutput(1.1875f, ElementFormat.Fp8E4M3), Is.EqualTo(0x3Au), "1 + 3/16 ties to even 1.25");
            Assert.That(FloatMac.ToOutput(2.5f, ElementFormat.Int8), Is.EqualTo(2u));
            Assert.That(FloatMac.ToOutput(300f, ElementFormat.Uint8), Is.EqualTo(255u));
            Assert.That(FloatMac.ToOutput(-300f, ElementFormat.Int8), Is.EqualTo(0x80u));
        });
    }

    [Test]
    public void IntMac_WrapsModulo2To32()
    {
        var rng = new Random(8);
        int acc = 0;
        long exact = 0;
        for (int i = 0; i < 200_000; i++)
        {
            int a = rng.Next(short.MinValue, short.MaxValue + 1), b = rng.Next(short.MinValue, short.MaxValue + 1);
            acc = IntMac.Mac(acc, a, b);
            exact += (long)a * b;
        }
        Assert.Multiple(() =>
        {
            Assert.That(acc, Is.EqualTo(unchecked((int)exact)));
            Assert.That(IntMac.Mac(int.MaxValue, 1, 1), Is.EqualTo(int.MinValue));
            Assert.That(IntMac.Multiply(short.MinValue, short.MinValue), Is.EqualTo(1 << 30));
            Assert.That(IntMac.Accumulate(int.MinValue, -1), Is.EqualTo(int.MaxValue));
        });
    }
}
