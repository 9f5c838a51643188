using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>
/// The fast tile model against the register-level array in every operand format and accumulator: 200 random
/// tiles per datapath, outputs (raw bits) and cycles equal, and both equal to a textbook loop that adds the
/// products down the column in K order from +0, then into the accumulator.
/// </summary>
public class FormatEquivalenceTests
{
    private const int Seed = 0x0F0A_7123;
    private const int RandomShapeCount = 200;

    public static IEnumerable<PeDatapath> Datapaths() =>
        PeDatapath.OperandFormats.SelectMany(f => PeDatapath.AccumulatorsFor(f).Select(a => new PeDatapath(f, a)));

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var datapath in Datapaths())
        {
            var random = new Random(Seed ^ datapath.GetHashCode());
            for (int i = 0; i < RandomShapeCount; i++)
            {
                int rows = random.Next(1, 17), cols = random.Next(1, 17);
                int k = random.Next(2) == 0 ? rows : random.Next(1, rows + 1);
                int n = random.Next(2) == 0 ? cols : random.Next(1, cols + 1);
                yield return new TestCaseData(datapath, rows, cols, random.Next(1, 41), k, n, random.Next())
                    .SetName($"{datapath.Operands.Name()}->{datapath.Accumulator.Name()} #{i} {rows}x{cols} M{{2}} K{k} N{n}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void FastModelMatchesRegisterLevelModel(PeDatapath datapath, int rows, int cols, int m, int k, int n, int seed)
    {
        var random = new Random(seed);
        var activations = Operands(random, datapath.Operands, m * k);
        var weights = Operands(random, datapath.Operands, k * n);
        var initial = Accumulators(random, datapath, m * n);

        var registerLevel = (int[])initial.Clone();
        long cycles = new TileDriver(new SystolicArray(rows, cols)).Run(datapath, activations, weights, registerLevel, m, k, n);
        var fast = (int[])initial.Clone();
        TileModel.Compute(datapath, activations, weights, fast, m, k, n);
        var reference = (int[])initial.Clone();
        Reference(datapath, activations, weights, reference, m, k, n);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TileModel.Cycles(rows, cols, m, k, n), Is.EqualTo(cycles), "cycles");
            Assert.That(fast, Is.EqualTo(registerLevel), "fast against register-level outputs");
            Assert.That(registerLevel, Is.EqualTo(reference), "register-level against the textbook ordered sum");
        }
    }

    /// <summary>Raw operand bits: a fifth exact zeros, the rest any finite encoding (integers: any value).</summary>
    public static short[] Operands(Random random, ElementFormat format, int count)
    {
        var info = format.Info();
        var values = new short[count];
        for (int i = 0; i < count; i++)
        {
            if (random.Next(5) == 0) continue;
            if (!info.IsFloat)
            {
                values[i] = (short)random.Next((int)info.MinFinite, (int)info.MaxFinite + 1);
                continue;
            }
            short bits;
            do bits = (short)random.Next(0, 1 << info.Bits);
            while (!double.IsFinite(ElementCodec.ToDouble(format, (ushort)bits)));
            values[i] = bits;
        }
        return values;
    }

    private static int[] Accumulators(Random random, PeDatapath datapath, int count)
    {
        var values = new int[count];
        if (random.Next(2) == 0) return values;
        for (int i = 0; i < count; i++)
            values[i] = datapath.Accumulator switch
            {
                ElementFormat.Int32 => random.Next(int.MinValue, int.MaxValue),
                ElementFormat.Int16 => random.Next(short.MinValue, short.MaxValue + 1),
                ElementFormat.Fp32 => BitConverter.SingleToInt32Bits((float)(random.NextDouble() * 200 - 100)),
                ElementFormat.Fp16 => BitConverter.SingleToInt32Bits(Fp16.ToFloat(Fp16.FromDouble(random.NextDouble() * 200 - 100, OverflowMode.Saturate))),
                _ => BitConverter.SingleToInt32Bits(Bf16.ToFloat(Bf16.FromDouble(random.NextDouble() * 200 - 100, OverflowMode.Saturate))),
            };
        return values;
    }

    /// <summary>Column sum from +0 in K order, then added into the accumulator: one chunk.</summary>
    public static void Reference(PeDatapath d, short[] a, short[] w, int[] acc, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int column = 0;
                for (int p = 0; p < k; p++)
                    column = d.Mac(column, a[i * k + p], w[p * n + j]);
                acc[i * n + j] = d.Add(acc[i * n + j], column);
            }
    }
}
