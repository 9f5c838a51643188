using Sim.Numerics;

namespace Sim.Tests.Numerics;

/// <summary>fp16 against <see cref="Half"/>, which Sim.Numerics does not use.</summary>
[TestFixture]
public class Fp16Tests
{
    private static float HalfValue(int bits) => (float)BitConverter.UInt16BitsToHalf((ushort)bits);
    private static int HalfBits(float x) => BitConverter.HalfToUInt16Bits((Half)x);
    private static int HalfBits(double x) => BitConverter.HalfToUInt16Bits((Half)x);

    [Test]
    public void Every65536Encoding_DecodesAsSystemHalf()
    {
        var bad = new List<string>();
        for (int b = 0; b < 65536; b++)
        {
            float want = HalfValue(b), got = Fp16.ToFloat((ushort)b);
            bool ok = float.IsNaN(want)
                ? float.IsNaN(got)
                : BitConverter.SingleToUInt32Bits(got) == BitConverter.SingleToUInt32Bits(want);
            if (!ok) bad.Add($"0x{b:X4}: Half {want:R}, got {got:R}");
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    [Test]
    public void NamedValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Fp16.ToFloat(Fp16.MaxFiniteBits), Is.EqualTo(65504f));
            Assert.That(Fp16.ToFloat(0x0400), Is.EqualTo(MathF.Pow(2, -14)));
            Assert.That(Fp16.ToFloat(0x0001), Is.EqualTo(MathF.Pow(2, -24)));
            Assert.That(Fp16.ToFloat(Fp16.InfinityBits), Is.EqualTo(float.PositiveInfinity));
            Assert.That(Fp16.IsNaN(Fp16.NaNBits) && !Fp16.IsNaN(Fp16.InfinityBits));
        });
    }

    /// <summary>
    /// Every midpoint between adjacent fp16 values (and the overflow midpoint 65520), both signs, and the floats
    /// either side of it, against (Half)x. The double path also gets values just off the midpoint, where
    /// rounding through float first would land on the tie.
    /// </summary>
    [Test]
    public void EveryMidpoint_AndItsNeighbours_EncodeAsSystemHalf()
    {
        var bad = new List<string>();
        int n = 0;
        for (int c = 0; c <= 0x7BFF; c++)
        {
            double lo = HalfValue(c), hi = c == 0x7BFF ? 65536.0 : HalfValue(c + 1);
            double mid = (lo + hi) / 2;
            float m = (float)mid;
            if (m != mid) { bad.Add($"midpoint {mid} is not a float"); continue; }
            foreach (float s in new[] { 1f, -1f })
            {
                foreach (float x in new[] { s * m, s * MathF.BitDecrement(m), s * MathF.BitIncrement(m) })
                {
                    int want = HalfBits(x);
                    int got = Fp16.FromFloat(x, OverflowMode.NonSaturating), gotD = Fp16.FromDouble(x, OverflowMode.NonSaturating);
                    if (got != want || gotD != want) bad.Add($"{x:R}: Half 0x{want:X4}, float path 0x{got:X4}, double path 0x{gotD:X4}");
                    n++;
                }
                foreach (double x in new[] { s * (mid - mid * 1e-12), s * (mid + mid * 1e-12) })
                {
                    int want = x * s < mid ? (s < 0 ? 0x8000 : 0) | c : (s < 0 ? 0x8000 : 0) | (c + 1);
                    int got = Fp16.FromDouble(x, OverflowMode.NonSaturating);
                    if (got != want) bad.Add($"double {x:R}: expected 0x{want:X4}, got 0x{got:X4}");
                    n++;
                }
            }
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches of {n}");
    }

    [Test]
    public void RandomFloatBitPatterns_EncodeAsSystemHalf()
    {
        var rng = new Random(16);
        var bad = new List<string>();
        for (int i = 0; i < 1_000_000; i++)
        {
            // Half the inputs any float at all; half with exponents near fp16's range, where the work is.
            uint u = (uint)rng.NextInt64(0, 1L << 32);
            if ((i & 1) == 0) u = (u & 0x807F_FFFFu) | ((uint)rng.Next(127 - 28, 127 + 18) << 23);
            float x = BitConverter.UInt32BitsToSingle(u);
            int want = HalfBits(x), got = Fp16.FromFloat(x, OverflowMode.NonSaturating);
            bool ok = float.IsNaN(x) ? Fp16.IsNaN((ushort)got) && (got & 0x8000) == (want & 0x8000) : got == want;
            if (!ok) bad.Add($"{x:R} (0x{u:X8}): Half 0x{want:X4}, got 0x{got:X4}");
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    [Test]
    public void RandomDoubles_EncodeAsSystemHalf()
    {
        var rng = new Random(17);
        var bad = new List<string>();
        for (int i = 0; i < 500_000; i++)
        {
            double x = (rng.Next(2) == 0 ? 1 : -1) * Math.Pow(2, rng.NextDouble() * 46 - 28);
            int want = HalfBits(x), got = Fp16.FromDouble(x, OverflowMode.NonSaturating);
            if (got != want) bad.Add($"{x:R}: Half 0x{want:X4}, got 0x{got:X4}");
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    [Test]
    public void Overflow_SaturatesOrGivesInf()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Fp16.FromFloat(MathF.BitDecrement(65520f), OverflowMode.NonSaturating), Is.EqualTo(0x7BFF));
            Assert.That(Fp16.FromFloat(65520f, OverflowMode.NonSaturating), Is.EqualTo(0x7C00), "65520 ties to even: Inf");
            Assert.That(Fp16.FromFloat(65520f, OverflowMode.Saturate), Is.EqualTo(0x7BFF));
            Assert.That(Fp16.FromFloat(-1e9f, OverflowMode.Saturate), Is.EqualTo(0xFBFF));
            Assert.That(Fp16.FromFloat(float.PositiveInfinity, OverflowMode.Saturate), Is.EqualTo(0x7BFF));
            Assert.That(Fp16.FromFloat(float.NegativeInfinity, OverflowMode.NonSaturating), Is.EqualTo(0xFC00));
            Assert.That(Fp16.FromDouble(double.PositiveInfinity, OverflowMode.NonSaturating), Is.EqualTo(0x7C00));
            Assert.That(Fp16.IsNaN(Fp16.FromFloat(float.NaN, OverflowMode.Saturate)));
            Assert.That(Fp16.IsNaN(Fp16.FromDouble(double.NaN, OverflowMode.Saturate)));
        });
    }
}
