using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>Small tiles whose outputs and cycle counts are worked out by hand, run on both models.</summary>
public class HandWorkedTileTests
{
    [Test]
    public void FullTileOnTwoByTwoArray()
    {
        short[] weights =
        [
            1, 2,
            3, 4,
        ];
        short[] activations =
        [
            1, 1,
            2, -1,
            0, 5,
        ];
        // y[m][n] = a[m][0]*W[0][n] + a[m][1]*W[1][n]
        int[] expected =
        [
            1 * 1 + 1 * 3, 1 * 2 + 1 * 4, // 4, 6
            2 * 1 - 1 * 3, 2 * 2 - 1 * 4, // -1, 0
            0 * 1 + 5 * 3, 0 * 2 + 5 * 4, // 15, 20
        ];
        // R = 2, M = 3, N_t = 2. Edges 1-2 load the weights. Stream cycle s is edge 3 + s.
        // y[m][c] is registered in the bottom row (r = 1) at stream cycle m + r + c = m + 1 + c,
        // so the last one, y[2][1], lands at stream cycle 4 = edge 7.
        const long expectedCycles = 7;

        AssertBothModels(2, 2, activations, weights, m: 3, k: 2, n: 2, new int[6], expected, expectedCycles);
    }

    [Test]
    public void FullTileAddsIntoExistingPartialSums()
    {
        short[] weights = [1, 2, 3, 4];
        short[] activations = [1, 1, 2, -1, 0, 5];
        int[] accumulators = [100, -100, 7, 8, int.MaxValue, 0];
        int[] expected = [104, -94, 6, 8, unchecked(int.MaxValue + 15), 20];

        AssertBothModels(2, 2, activations, weights, m: 3, k: 2, n: 2, accumulators, expected, expectedCycles: 7);
    }

    [Test]
    public void OneByOneEdgeTileOnThreeByThreeArray()
    {
        short[] weights = [7];
        short[] activations = [3, -2];
        int[] expected = [21, -14];
        // R = 3, M = 2, N_t = 1. Edges 1-3 shift the whole weight column in (W = 7 ends in PE(0,0),
        // zeros below and to the right). y[m][0] is registered in the bottom row (r = 2) at stream
        // cycle m + 2, having passed two zero-weight rows; y[1][0] at stream cycle 3 = edge 3 + 4 = 7.
        const long expectedCycles = 7;

        AssertBothModels(3, 3, activations, weights, m: 2, k: 1, n: 1, new int[2], expected, expectedCycles);
    }

    [Test]
    public void SumOfExtremeProductsWrapsLikeInt32Hardware()
    {
        short[] weights = [short.MinValue, short.MinValue];
        short[] activations = [short.MinValue, short.MinValue];
        // 2^30 + 2^30 = 2^31, which a 32-bit two's-complement adder wraps to int.MinValue.
        int[] expected = [int.MinValue];
        // R = 2, M = 1, N_t = 1: load 2 edges, y[0][0] at stream cycle 1 = edge 4.
        AssertBothModels(2, 2, activations, weights, m: 1, k: 2, n: 1, new int[1], expected, expectedCycles: 4);
    }

    private static void AssertBothModels(
        int rows, int cols, short[] activations, short[] weights, int m, int k, int n,
        int[] accumulators, int[] expected, long expectedCycles)
    {
        var registerLevel = (int[])accumulators.Clone();
        long registerCycles = new TileDriver(new SystolicArray(rows, cols)).Run(activations, weights, registerLevel, m, k, n);

        var fast = (int[])accumulators.Clone();
        TileModel.Compute(activations, weights, fast, m, k, n);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(registerLevel, Is.EqualTo(expected), "register-level outputs");
            Assert.That(registerCycles, Is.EqualTo(expectedCycles), "register-level cycles");
            Assert.That(fast, Is.EqualTo(expected), "fast model outputs");
            Assert.That(TileModel.Cycles(rows, cols, m, k, n), Is.EqualTo(expectedCycles), "fast model cycles");
        }
    }
}
