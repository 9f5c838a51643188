using Sim.Numerics;

namespace Sim.Tests.Numerics;

[TestFixture]
public class ElementFormatsTests
{
    [Test]
    public void Table_FactsAndYamlNames()
    {
        string[] names = ["int4", "int8", "uint8", "int16", "int32", "fp8_e4m3", "fp8_e5m2", "fp16", "bf16", "fp32"];
        Assert.Multiple(() =>
        {
            Assert.That(ElementFormats.All.Select(i => i.Name), Is.EqualTo(names));
            Assert.That(Enum.GetValues<ElementFormat>().Select(f => f.Info().Format), Is.EqualTo(Enum.GetValues<ElementFormat>()));
            foreach (var n in names)
                Assert.That(ElementFormats.TryParse(n, out var info) && info.Name == n, n);
            Assert.That(ElementFormats.TryParse("FP16", out _), Is.False);
            Assert.That(ElementFormats.TryParse(null, out _), Is.False);

            Assert.That(ElementFormat.Int4.Info() is { Bits: 4, IsSigned: true, IsFloat: false, MinFinite: -8, MaxFinite: 7 });
            Assert.That(ElementFormat.Uint8.Info() is { Bits: 8, IsSigned: false, MinFinite: 0, MaxFinite: 255 });
            Assert.That(ElementFormat.Int16.Info() is { MinFinite: -32768, MaxFinite: 32767 });
            Assert.That(ElementFormat.Int32.Info().IsAccumulator && ElementFormat.Fp32.Info().IsAccumulator);
            Assert.That(ElementFormat.Int8.Info().Accumulator, Is.EqualTo(ElementFormat.Int32));
            Assert.That(ElementFormat.Fp8E4M3.Info().Accumulator, Is.EqualTo(ElementFormat.Fp32));

            var e4 = ElementFormat.Fp8E4M3.Info();
            Assert.That((e4.MaxFinite, e4.MinNormal, e4.MinSubnormal, e4.Bias, e4.HasInfinity), Is.EqualTo((448.0, Math.Pow(2, -6), Math.Pow(2, -9), 7, false)));
            var e5 = ElementFormat.Fp8E5M2.Info();
            Assert.That((e5.MaxFinite, e5.MinNormal, e5.MinSubnormal, e5.Bias, e5.HasInfinity), Is.EqualTo((57344.0, Math.Pow(2, -14), Math.Pow(2, -16), 15, true)));
            var h = ElementFormat.Fp16.Info();
            Assert.That((h.MaxFinite, h.MinNormal, h.MinSubnormal), Is.EqualTo(((double)(float)Half.MaxValue, Math.Pow(2, -14), Math.Pow(2, -24))));
            var bf = ElementFormat.Bf16.Info();
            Assert.That((bf.MaxFinite, bf.MinSubnormal), Is.EqualTo(((double)BitConverter.Int32BitsToSingle(0x7F7F << 16), Math.Pow(2, -133))));
            var f = ElementFormat.Fp32.Info();
            Assert.That((f.MaxFinite, f.MinNormal, f.MinSubnormal), Is.EqualTo(((double)float.MaxValue, Math.Pow(2, -126), (double)float.Epsilon)));
        });
    }

    [Test]
    public void Codec_EveryCodeOfEveryFormatUpTo16Bits_RoundTrips()
    {
        var bad = new List<string>();
        foreach (var info in ElementFormats.All.Where(i => i.Bits <= 16))
            for (uint b = 0; b < 1u << info.Bits; b++)
            {
                double v = ElementCodec.ToDouble(info.Format, b);
                if (double.IsNaN(v)) continue;
                if (v < info.MinFinite || v > info.MaxFinite) { if (!double.IsInfinity(v)) bad.Add($"{info} 0x{b:X} out of range: {v}"); continue; }
                if ((double)ElementCodec.ToFloat(info.Format, b) != v) bad.Add($"{info} 0x{b:X}: float {ElementCodec.ToFloat(info.Format, b)} != {v}");
                uint back = ElementCodec.FromDouble(info.Format, v, OverflowMode.NonSaturating);
                uint backF = ElementCodec.FromFloat(info.Format, (float)v, OverflowMode.NonSaturating);
                if (back != b || backF != b) bad.Add($"{info} 0x{b:X} ({v}) -> 0x{back:X} / 0x{backF:X}");
            }
        Assert.That(bad.Take(20), Is.Empty, $"{bad.Count} mismatches");
    }

    [Test]
    public void Codec_IntegersAreTwosComplementInTheLowBits()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ElementCodec.FromDouble(ElementFormat.Int4, -1, OverflowMode.Saturate), Is.EqualTo(0xFu));
            Assert.That(ElementCodec.ToDouble(ElementFormat.Int4, 0x8), Is.EqualTo(-8));
            Assert.That(ElementCodec.FromDouble(ElementFormat.Int8, -128, OverflowMode.Saturate), Is.EqualTo(0x80u));
            Assert.That(ElementCodec.FromDouble(ElementFormat.Int16, -40000, OverflowMode.Saturate), Is.EqualTo(0x8000u));
            Assert.That(ElementCodec.ToDouble(ElementFormat.Int32, 0x8000_0000u), Is.EqualTo(int.MinValue));
            Assert.That(ElementCodec.FromDouble(ElementFormat.Fp32, 1e300, OverflowMode.Saturate), Is.EqualTo(BitConverter.SingleToUInt32Bits(float.MaxValue)));
            Assert.That(ElementCodec.FromDouble(ElementFormat.Fp32, -1e300, OverflowMode.NonSaturating), Is.EqualTo(BitConverter.SingleToUInt32Bits(float.NegativeInfinity)));
        });
    }
}
