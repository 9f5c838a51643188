namespace Sim.Tests.PeArray;

/// <summary>How a test tile's operand values are drawn.</summary>
public enum ValueRange { FullInt16, Int8, Uint8MinusZeroPoint, Extremes }

/// <summary>Random tile operands for the model tests, reproducible from a seed.</summary>
public static class TileOperands
{
    private static readonly short[] ExtremeValues = [short.MinValue, short.MaxValue, -1, 0, 1, sbyte.MinValue, sbyte.MaxValue];

    /// <summary>Values from <paramref name="range"/>, with roughly one in five forced to zero.</summary>
    public static short[] Random(Random random, int count, ValueRange range)
    {
        // A per-buffer zero point, as a quantised uint8 operand would carry.
        int zeroPoint = random.Next(0, 256);
        var values = new short[count];
        for (int i = 0; i < count; i++)
        {
            if (random.Next(5) == 0)
                continue;
            values[i] = range switch
            {
                ValueRange.FullInt16 => (short)random.Next(short.MinValue, short.MaxValue + 1),
                ValueRange.Int8 => (short)random.Next(sbyte.MinValue, sbyte.MaxValue + 1),
                ValueRange.Uint8MinusZeroPoint => (short)(random.Next(0, 256) - zeroPoint),
                ValueRange.Extremes => ExtremeValues[random.Next(ExtremeValues.Length)],
                _ => throw new ArgumentOutOfRangeException(nameof(range)),
            };
        }
        return values;
    }

    /// <summary>Accumulators either zero or holding arbitrary earlier partial sums.</summary>
    public static int[] Accumulators(Random random, int count, bool nonZero)
    {
        var values = new int[count];
        if (nonZero)
            for (int i = 0; i < count; i++)
                values[i] = random.Next(int.MinValue, int.MaxValue) + random.Next(2);
        return values;
    }

    /// <summary>Plain triple loop with wrapping int32 accumulation: the textbook answer.</summary>
    public static void ReferenceMatMul(short[] activations, short[] weights, int[] accumulators, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int sum = accumulators[i * n + j];
                for (int p = 0; p < k; p++)
                    sum = unchecked(sum + activations[i * k + p] * weights[p * n + j]);
                accumulators[i * n + j] = sum;
            }
    }
}
