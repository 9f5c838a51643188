using Sim.Numerics;

namespace Sim.Tests.Numerics;

/// <summary>
/// bf16 against bit manipulation (decode) and a distance-comparing reference in double arithmetic (encode),
/// neither shared with Sim.Numerics.
/// </summary>
[TestFixture]
public class Bf16Tests
{
    private static double Value(int code) => BitConverter.Int32BitsToSingle(code << 16);

    /// <summary>
    /// Nearest bf16 by comparing |x - lo| and |hi - x| in double, where lo and hi are the bf16 neighbours of
    /// |x| toward and away from zero (hi above the maximum is the virtual 2^128 at code 0x7F80); ties to the
    /// even code; a result past the maximum is an overflow. -1 for NaN.
    /// </summary>
    private static int Reference(double x, bool saturate)
    {
        if (double.IsNaN(x)) return -1;
        int sign = double.IsNegative(x) ? 0x8000 : 0;
        double a = Math.Abs(x);
        if (double.IsInfinity(a)) return sign | (saturate ? 0x7F7F : 0x7F80);
        // lo: the largest bf16 <= a. Start from a's float truncated toward zero, then step if needed.
        float af = (float)a;
        int lo = (int)(BitConverter.SingleToUInt32Bits(af) >> 16);
        if (lo > 0x7F80) lo = 0x7F80;
        while (lo > 0 && (lo >= 0x7F80 || Value(lo) > a)) lo--;
        int hi = lo + 1;
        double vlo = Value(lo), vhi = hi >= 0x7F80 ? Math.Pow(2, 128) : Value(hi);
        double dlo = a - vlo, dhi = vhi - a;
        int best = dlo < dhi ? lo : dhi < dlo ? hi : (lo & 1) == 0 ? lo : hi;
        if (best > 0x7F7F) return sign | (saturate ? 0x7F7F : 0x7F80);
        return sign | best;
    }

    [Test]
    public void Every65536Encoding_DecodesAsTheTopHalfOfAFloat()
    {
        var bad = new List<int>();
        for (int b = 0; b < 65536; b++)
        {
            float want = BitConverter.Int32BitsToSingle(b << 16), got = Bf16.ToFloat((ushort)b);
            if (BitConverter.SingleToInt32Bits(got) != BitConverter.SingleToInt32Bits(want)) bad.Add(b);
        }
        Assert.That(bad, Is.Empty);
    }

    /// <summary>Every midpoint between adjacent bf16 values, both signs, the floats either side, both modes.</summary>
    [Test]
    public void EveryMidpoint_AndItsNeighbours_EncodeAsTheReference()
    {
        var bad = new List<string>();
        int n = 0;
        for (int c = 0; c <= 0x7F7F; c++)
        {
            float mid = BitConverter.Int32BitsToSingle((c << 16) | 0x8000);   // exactly halfway to c + 1
            foreach (float s in new[] { 1f, -1f })
                foreach (float x in new[] { s * mid, s * MathF.BitDecrement(mid), s * MathF.BitIncrement(mid) })
                    foreach (bool sat in new[] { true, false })
                    {
                        var mode = sat ? OverflowMode.Saturate : OverflowMode.NonSaturating;
                        int want = Reference(x, sat);
                        int got = Bf16.FromFloat(x, mode), gotD = Bf16.FromDouble(x, mode);
                        if (got != want || gotD != want) bad.Add($"{mode} {x:R}: reference 0x{want:X4}, float 0x{got:X4}, double 0x{gotD:X4}");
                        n++;
                    }
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches of {n}");
    }

    [Test]
    public void RandomFloats_AndDoubles_EncodeAsTheReference()
    {
        var rng = new Random(32);
        var bad = new List<string>();
        for (int i = 0; i < 1_000_000; i++)
        {
            uint u = (uint)rng.NextInt64(0, 1L << 32);
            float x = BitConverter.UInt32BitsToSingle(u);
            bool sat = (i & 1) == 0;
            var mode = sat ? OverflowMode.Saturate : OverflowMode.NonSaturating;
            int want = Reference(x, sat), got = Bf16.FromFloat(x, mode);
            bool ok = want < 0 ? Bf16.IsNaN((ushort)got) && (got & 0x8000) == (u >> 16 & 0x8000) : got == want;
            if (!ok) bad.Add($"{mode} {x:R} (0x{u:X8}): reference 0x{want:X4}, got 0x{got:X4}");

            // A double with bits below float precision: one rounding, not two.
            double d = x + (double)x * (rng.NextDouble() - 0.5) * 1e-9;
            if (double.IsFinite(d))
            {
                int wantD = Reference(d, sat), gotD = Bf16.FromDouble(d, mode);
                if (gotD != wantD) bad.Add($"{mode} double {d:R}: reference 0x{wantD:X4}, got 0x{gotD:X4}");
            }
        }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    [Test]
    public void DoubleJustAboveAFloatMidpoint_RoundsUp_NotToEven()
    {
        // 1 + 2^-8 is the midpoint between bf16 1 and 1 + 2^-7; (float) of 1 + 2^-8 + 2^-40 is the midpoint
        // itself, which would tie down to 1. Rounding the double once must go up.
        double x = 1 + Math.Pow(2, -8) + Math.Pow(2, -40);
        Assert.Multiple(() =>
        {
            Assert.That(Bf16.FromDouble(x, OverflowMode.Saturate), Is.EqualTo(0x3F81));
            Assert.That(Bf16.FromFloat((float)x, OverflowMode.Saturate), Is.EqualTo(0x3F80));
        });
    }

    [Test]
    public void Overflow_SaturatesOrGivesInf()
    {
        float max = BitConverter.Int32BitsToSingle(0x7F7F << 16);
        Assert.Multiple(() =>
        {
            Assert.That(Bf16.FromFloat(float.MaxValue, OverflowMode.NonSaturating), Is.EqualTo(0x7F80), "rounds past the max");
            Assert.That(Bf16.FromFloat(float.MaxValue, OverflowMode.Saturate), Is.EqualTo(0x7F7F));
            Assert.That(Bf16.FromFloat(-max, OverflowMode.NonSaturating), Is.EqualTo(0xFF7F));
            Assert.That(Bf16.FromFloat(float.NegativeInfinity, OverflowMode.Saturate), Is.EqualTo(0xFF7F));
            Assert.That(Bf16.FromFloat(float.PositiveInfinity, OverflowMode.NonSaturating), Is.EqualTo(0x7F80));
            Assert.That(Bf16.FromDouble(1e39, OverflowMode.NonSaturating), Is.EqualTo(0x7F80));
            Assert.That(Bf16.FromDouble(-1e39, OverflowMode.Saturate), Is.EqualTo(0xFF7F));
            Assert.That(Bf16.IsNaN(Bf16.FromFloat(float.NaN, OverflowMode.Saturate)));
            Assert.That(Bf16.IsNaN(Bf16.FromDouble(double.NaN, OverflowMode.Saturate)));
        });
    }
}
