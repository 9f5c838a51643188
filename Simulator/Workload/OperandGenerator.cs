using MathNet.Numerics.Random;
using Sim.Config;
using Sim.Tensors;

namespace Sim.Workload;

/// <summary>
/// Makes a layer's operands from the scenario's seed: int8 values, each zero with the chosen
/// probability and otherwise uniform over the non-zero int8 values. Each layer draws from its
/// own generator, seeded from the scenario seed and the layer's position, so adding a layer
/// never changes the data of the layers before it.
/// </summary>
public sealed class OperandGenerator
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
}
