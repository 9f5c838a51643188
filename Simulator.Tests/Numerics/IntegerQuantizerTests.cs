using Sim.Numerics;

namespace Sim.Tests.Numerics;

[TestFixture]
public class IntegerQuantizerTests
{
    private static readonly (ElementFormat Format, long Min, long Max)[] Ranges =
    [
        (ElementFormat.Int4, -8, 7), (ElementFormat.Int8, -128, 127), (ElementFormat.Uint8, 0, 255),
        (ElementFormat.Int16, -32768, 32767), (ElementFormat.Int32, int.MinValue, int.MaxValue),
    ];

    /// <summary>Round half to even by floor and fraction, then clamp; NaN gives 0. Written without Math.Round.</summary>
    private static long Reference(double x, long min, long max)
    {
        if (double.IsNaN(x)) return 0;
        if (x <= min) return min;
        if (x >= max) return max;
        double fl = Math.Floor(x), frac = x - fl;
        long r = (long)fl;
        if (frac > 0.5 || (frac == 0.5 && (r & 1) != 0)) r++;
        return Math.Clamp(r, min, max);
    }

    [Test]
    public void HalfwayValues_RoundToEven_AndSaturate([Values(0, 1, 2, 3, 4)] int which)
    {
        var (f, min, max) = Ranges[which];
        var bad = new List<string>();
        long lo = Math.Max(min - 4, int.MinValue - 4L), hi = max + 4;
        IEnumerable<long> ks = max - min < 70000
            ? Enumerable.Range(0, (int)(hi - lo + 1)).Select(i => lo + i)
            : new long[] { lo, lo + 1, lo + 2, lo + 3, lo + 4, lo + 5, -3, -2, -1, 0, 1, 2, 3, hi - 5, hi - 4, hi - 3, hi - 2, hi - 1, hi };
        foreach (long k in ks)
            foreach (double d in new[] { 0.0, 0.5, -0.5, 0.25, 0.75, 0.4999999999, 0.5000000001 })
            {
                double x = k + d;
                long want = Reference(x, min, max);
                long got = IntegerQuantizer.Quantize(x, f);
                long gotF = IntegerQuantizer.Quantize((double)(float)x, f);
                long wantF = Reference((float)x, min, max);
                if (got != want || gotF != wantF) bad.Add($"{x:R}: want {want}, got {got}; float want {wantF}, got {gotF}");
            }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    [Test]
    public void SpotValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(IntegerQuantizer.ToInt4(2.5), Is.EqualTo(2));
            Assert.That(IntegerQuantizer.ToInt4(3.5), Is.EqualTo(4));
            Assert.That(IntegerQuantizer.ToInt4(-2.5), Is.EqualTo(-2));
            Assert.That(IntegerQuantizer.ToInt4(6.5), Is.EqualTo(6));
            Assert.That(IntegerQuantizer.ToInt4(7.5), Is.EqualTo(7), "8 saturates to 7");
            Assert.That(IntegerQuantizer.ToInt4(-8.5), Is.EqualTo(-8));
            Assert.That(IntegerQuantizer.ToInt4(-9), Is.EqualTo(-8));
            Assert.That(IntegerQuantizer.ToInt8(127.5), Is.EqualTo(127));
            Assert.That(IntegerQuantizer.ToInt8(-128.5), Is.EqualTo(-128));
            Assert.That(IntegerQuantizer.ToInt8(-127.5), Is.EqualTo(-128));
            Assert.That(IntegerQuantizer.ToInt8(126.5), Is.EqualTo(126));
            Assert.That(IntegerQuantizer.ToUint8(-0.5), Is.EqualTo(0));
            Assert.That(IntegerQuantizer.ToUint8(-1), Is.EqualTo(0));
            Assert.That(IntegerQuantizer.ToUint8(254.5), Is.EqualTo(254));
            Assert.That(IntegerQuantizer.ToUint8(255.5), Is.EqualTo(255));
            Assert.That(IntegerQuantizer.ToInt16(32766.5), Is.EqualTo(32766));
            Assert.That(IntegerQuantizer.ToInt16(-32768.5), Is.EqualTo(-32768));
            Assert.That(IntegerQuantizer.ToInt16(1e9), Is.EqualTo(32767));
            Assert.That(IntegerQuantizer.ToInt32(2147483646.5), Is.EqualTo(2147483646));
            Assert.That(IntegerQuantizer.ToInt32(2147483647.5), Is.EqualTo(int.MaxValue));
            Assert.That(IntegerQuantizer.ToInt32(-3e9), Is.EqualTo(int.MinValue));
            Assert.That(IntegerQuantizer.ToInt8(double.PositiveInfinity), Is.EqualTo(127));
            Assert.That(IntegerQuantizer.ToInt8(double.NegativeInfinity), Is.EqualTo(-128));
            Assert.That(IntegerQuantizer.ToInt8(double.NaN), Is.EqualTo(0));
            Assert.That(IntegerQuantizer.Saturate(1000, ElementFormat.Int8), Is.EqualTo(127));
            Assert.That(IntegerQuantizer.Saturate(-1000, ElementFormat.Uint8), Is.EqualTo(0));
            Assert.That(IntegerQuantizer.Saturate(long.MinValue, ElementFormat.Int32), Is.EqualTo(int.MinValue));
            Assert.That(() => IntegerQuantizer.Quantize(1.0, ElementFormat.Fp16), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
