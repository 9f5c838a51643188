using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Float values as the PE array holds them: raw bits of a float format (16 bits hold every one) and back.
/// The float lowerings and the golden model of float layers share these, so that both round alike.
/// </summary>
internal static class FloatEncoding
{
    /// <summary>Values rounded to <paramref name="format"/> (nearest even, saturating), as raw bits.</summary>
    public static Tensor<short> Encode(Tensor<float> t, ElementFormat format) =>
        new(t.Shape, Array.ConvertAll(t.Data, v => unchecked((short)ElementCodec.FromDouble(format, v, ElementFormats.DefaultOverflow))));

    public static Tensor<float> Decode(Tensor<short> t, ElementFormat format) =>
        new(t.Shape, Array.ConvertAll(t.Data, v => Accumulation.Decode(format, v)));

    /// <summary>Accumulators rounded to the output format, as the output stage writes them (raw bits).</summary>
    public static Tensor<short> Round(Tensor<float> acc, ElementFormat output) =>
        new(acc.Shape, Array.ConvertAll(acc.Data, v => unchecked((short)FloatMac.ToOutput(v, output))));
}
