using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>The per-cycle and per-tile paths run millions of times per simulation; they must not allocate.</summary>
public class AllocationTests
{
    [Test]
    public void StepDriverAndFastModelAllocateNothing()
    {
        const int rows = 8, cols = 8, m = 32, k = 8, n = 8;
        var array = new SystolicArray(rows, cols);
        var driver = new TileDriver(array);
        var activations = new short[m * k];
        var weights = new short[k * n];
        var accumulators = new int[m * n];
        var weightRow = new short[cols];
        var portActivations = new short[rows];
        var portValid = new bool[rows];
        Array.Fill(activations, (short)3);
        Array.Fill(weights, (short)-2);

        void Work()
        {
            for (int i = 0; i < 100; i++)
                array.Step(new PeArrayInputs(i % 2 == 0, weightRow, portActivations, portValid));
            driver.Run(activations, weights, accumulators, m, k, n);
            TileModel.Compute(activations, weights, accumulators, m, k, n);
        }

        Work(); // warm up so lazy runtime initialisation is not counted
        long before = GC.GetAllocatedBytesForCurrentThread();
        Work();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }
}
