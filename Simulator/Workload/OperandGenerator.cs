using MathNet.Numerics.Random;
using Sim.Config;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Workload;

/// <summary>
/// Makes a layer's operands from the scenario's seed: each value zero with the chosen probability,
/// otherwise drawn for its format (<see cref="Operands"/>). Each layer draws from its
/// own generator, seeded from the scenario seed and the layer's position, so adding a layer
/// never changes the data of the layers before it.
/// </summary>
internal sealed class OperandGenerator
{
    private readonly Xoshiro256StarStar _random;

    public OperandGenerator(int scenarioSeed, int layerIndex)
    {
        // Mix the two numbers so that neighbouring seeds do not give correlated streams.
        ulong z = ((ulong)(uint)scenarioSeed << 32 | (uint)layerIndex) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        _random = new Xoshiro256StarStar((int)(z ^ (z >> 31)), threadSafe: false);
    }

    public Tensor<sbyte> Int8(int[] shape, double zeroFraction)
    {
        var tensor = new Tensor<sbyte>(shape);
        var data = tensor.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (_random.NextDouble() < zeroFraction) continue;
            int v = _random.Next(-128, 127); // 255 values: -128..126, then 0 is moved to 127
            data[i] = (sbyte)(v == 0 ? 127 : v);
        }
        return tensor;
    }

    /// <summary>
    /// Raw operand bits (see <see cref="Sim.PeArray.PeDatapath"/>) of <paramref name="format"/>, each exactly
    /// zero with probability <paramref name="zeroFraction"/>, otherwise:
    /// <list type="bullet">
    /// <item>integers: uniform over the format's non-zero values (int8 draws exactly as <see cref="Int8"/>);</item>
    /// <item>floats: a standard normal value (Box-Muller on two uniform draws) scaled by
    ///   <paramref name="floatScale"/> and rounded to the format (nearest even, saturating); a value that
    ///   rounds to zero is drawn again, so the zeros are exactly the chosen fraction's.</item>
    /// </list>
    /// </summary>
    public Tensor<short> Operands(int[] shape, ElementFormat format, double zeroFraction, double floatScale = 1.0)
    {
        if (format == ElementFormat.Int8)
        {
            var int8 = Int8(shape, zeroFraction);
            return new Tensor<short>(shape, Array.ConvertAll(int8.Data, v => (short)v));
        }
        var tensor = new Tensor<short>(shape);
        var data = tensor.Data;
        var info = format.Info();
        for (int i = 0; i < data.Length; i++)
        {
            if (_random.NextDouble() < zeroFraction) continue;
            if (!info.IsFloat)
            {
                // Uniform over [min, max] without 0: draw from [min, max - 1] and move 0 to max.
                int v = _random.Next((int)info.MinFinite, (int)info.MaxFinite);
                data[i] = (short)(v == 0 ? (int)info.MaxFinite : v);
                continue;
            }
            short bits;
            do
            {
                double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
                double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
                bits = unchecked((short)ElementCodec.FromDouble(format, normal * floatScale, ElementFormats.DefaultOverflow));
            } while (Accumulation.IsZero(format, bits));
            data[i] = bits;
        }
        return tensor;
    }

    /// <summary>
    /// float32 values: each exactly zero with probability <paramref name="zeroFraction"/>, otherwise standard
    /// normal (Box-Muller) times <paramref name="scale"/>; for the inputs of imported float graphs.
    /// </summary>
    public Tensor<float> Floats(int[] shape, double zeroFraction, double scale = 1.0)
    {
        var tensor = new Tensor<float>(shape);
        var data = tensor.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (_random.NextDouble() < zeroFraction) continue;
            double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
            data[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2) * scale);
        }
        return tensor;
    }

    /// <summary>
    /// Prunes weights 2:4 along K: for each of <paramref name="columns"/> output channels, whose K weights sit
    /// at base(c) + k x <paramref name="kStride"/>, every aligned group of four keeps two positions drawn at
    /// random and zeroes the other two (a last, shorter group keeps at most two).
    /// </summary>
    public void Prune24(short[] weights, int k, int columns, Func<int, int> columnBase, int kStride)
    {
        for (int c = 0; c < columns; c++)
        {
            int b = columnBase(c);
            for (int g = 0; 4 * g < k; g++)
            {
                int keep0 = _random.Next(0, 4), keep1 = (keep0 + 1 + _random.Next(0, 3)) % 4;
                for (int i = 0; i < 4 && 4 * g + i < k; i++)
                    if (i != keep0 && i != keep1) weights[b + (4 * g + i) * kStride] = 0;
            }
        }
    }
}
