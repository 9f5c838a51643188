using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>Every integer tile kernel this processor can run gives the textbook product's bits, so the SIMD paths and the portable one agree.</summary>
public class IntegerKernelTests
{
    private static IEnumerable<IntegerKernel> Kernels => Enum.GetValues<IntegerKernel>();

    // K odd and even (the x86 kernels take K in pairs), N around 8 and 16 lanes (vector loop and scalar tail),
    // and the full 32x32 tile of the default array.
    [Test]
    public void EveryKernelMatchesTheTextbookProduct([ValueSource(nameof(Kernels))] IntegerKernel kernel,
        [Values(1, 5)] int m, [Values(1, 2, 7, 32, 33, 64)] int k, [Values(1, 7, 8, 15, 16, 17, 32, 40)] int n)
    {
        if (!IntegerTileKernel.IsSupported(kernel)) Assert.Ignore($"this processor cannot run the {kernel} kernel");
        var random = new Random(m * 10007 + k * 101 + n);
        foreach (var range in Enum.GetValues<ValueRange>())
        {
            var activations = TileOperands.Random(random, m * k, range);
            var weights = TileOperands.Random(random, k * n, range);
            var fast = TileOperands.Accumulators(random, m * n, nonZero: true);
            var reference = (int[])fast.Clone();

            TileModel.Compute(activations, weights, fast, m, k, n, kernel);
            TileOperands.ReferenceMatMul(activations, weights, reference, m, k, n);

            Assert.That(fast, Is.EqualTo(reference), range.ToString());
        }
    }

    [Test]
    public void TheMostNegativePairWrapsAsInt32Does([ValueSource(nameof(Kernels))] IntegerKernel kernel)
    {
        // (-32768)^2 + (-32768)^2 = 2^31, one past int.MaxValue: VPMADDWD's one overflowing case.
        if (!IntegerTileKernel.IsSupported(kernel)) Assert.Ignore($"this processor cannot run the {kernel} kernel");
        const int n = 16;
        var activations = new short[] { short.MinValue, short.MinValue };
        var weights = Enumerable.Repeat(short.MinValue, 2 * n).ToArray();
        var accumulators = new int[n];
        accumulators[0] = 5;
        TileModel.Compute(activations, weights, accumulators, 1, 2, n, kernel);
        Assert.That(accumulators[0], Is.EqualTo(unchecked(int.MinValue + 5)));
        Assert.That(accumulators[1..], Is.All.EqualTo(int.MinValue));
    }

    [Test]
    public void TheBestKernelIsTheFastestSupported() =>
        Assert.That(IntegerTileKernel.IsSupported(IntegerTileKernel.Fastest), Is.True);
}
