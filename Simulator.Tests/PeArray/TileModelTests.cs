using Sim.PeArray;

namespace Sim.Tests.PeArray;

public class TileModelTests
{
    // Widths around the SIMD lane counts (8 or 16 shorts) so both the vector loop and its scalar tail run.
    [TestCase(1, 1, 1)]
    [TestCase(3, 7, 15)]
    [TestCase(4, 9, 16)]
    [TestCase(5, 33, 17)]
    [TestCase(2, 64, 33)]
    [TestCase(6, 70, 100)]
    public void ComputeMatchesTextbookProduct(int m, int k, int n)
    {
        var random = new Random(m * 1000 + k * 10 + n);
        foreach (var range in Enum.GetValues<ValueRange>())
        {
            var activations = TileOperands.Random(random, m * k, range);
            var weights = TileOperands.Random(random, k * n, range);
            var fast = TileOperands.Accumulators(random, m * n, nonZero: true);
            var reference = (int[])fast.Clone();

            TileModel.Compute(activations, weights, fast, m, k, n);
            TileOperands.ReferenceMatMul(activations, weights, reference, m, k, n);

            Assert.That(fast, Is.EqualTo(reference), range.ToString());
        }
    }

    [TestCase(1, 1, 1, 1, 1, 2)]
    [TestCase(16, 16, 100, 16, 16, 146)]
    [TestCase(16, 16, 100, 3, 1, 131)]
    [TestCase(8, 3, 40, 8, 3, 57)]
    public void CyclesFollowTwoRowsPlusMPlusNMinusTwo(int rows, int cols, int m, int k, int n, long expected)
    {
        Assert.That(TileModel.Cycles(rows, cols, m, k, n), Is.EqualTo(expected));
    }

    [TestCase(4, 4, 0, 1, 1)]
    [TestCase(4, 4, 1, 0, 1)]
    [TestCase(4, 4, 1, 5, 1)]
    [TestCase(4, 4, 1, 1, 5)]
    [TestCase(0, 4, 1, 1, 1)]
    public void TilesThatDoNotFitAreRejected(int rows, int cols, int m, int k, int n)
    {
        Assert.That(() => TileModel.Cycles(rows, cols, m, k, n), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void WrongBufferSizesAreRejectedByBothModels()
    {
        var activations = new short[6];
        var weights = new short[4];
        var accumulators = new int[5];
        var driver = new TileDriver(new SystolicArray(2, 2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => TileModel.Compute(activations, weights, accumulators, 3, 2, 2), Throws.ArgumentException);
            Assert.That(() => driver.Run(activations, weights, accumulators, 3, 2, 2), Throws.ArgumentException);
        }
    }
}
