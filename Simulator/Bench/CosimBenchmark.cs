using System.Diagnostics;
using Sim.Cosim;
using Sim.PeArray;

namespace Sim.Bench;

/// <summary>
/// Speed of the three PE-array models on the same tiles: the fast model (bulk numerics, cycles
/// from the formula), the register-level C# model and the Verilated RTL (both clocked through
/// <see cref="TileDriver"/>). Tiles are full-array and streamed with as many vectors as the
/// scenario hardware's plans use, int8 data with half the activations zero, as after a ReLU.
/// </summary>
internal static class CosimBenchmark
{
    /// <param name="PeCycles">Simulated cycles times PEs, the same for every model.</param>
    public sealed record Result(RtlConfig Rtl, int Tiles, int M, long PeCycles, double FastSeconds, double RegisterLevelSeconds, double RtlSeconds)
    {
        public double FastPeCyclesPerSecond => PeCycles / FastSeconds;
        public double RegisterLevelPeCyclesPerSecond => PeCycles / RegisterLevelSeconds;
        public double RtlPeCyclesPerSecond => PeCycles / RtlSeconds;
    }

    public static Result Measure(RtlConfig rtl, int tiles, int m)
    {
        int rows = rtl.Rows, cols = rtl.Cols;
        var random = new Random(1);
        var activations = new short[m * rows];
        var weights = new short[rows * cols];
        for (int i = 0; i < activations.Length; i++)
            activations[i] = random.Next(2) == 0 ? (short)0 : (short)random.Next(sbyte.MinValue, sbyte.MaxValue + 1);
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (short)random.Next(sbyte.MinValue, sbyte.MaxValue + 1);

        using var cosim = new TileCosim(rtl);
        var registerLevel = new TileDriver(new SystolicArray(rows, cols));
        var accumulators = new int[m * cols];
        // Warm up: the JIT's optimised code, the RTL library loaded (built if not cached).
        for (int i = 0; i < 3; i++)
        {
            cosim.Run(activations, weights, m, rows, cols);
            registerLevel.Run(activations, weights, accumulators, m, rows, cols);
        }

        var fastBefore = cosim.FastModelTime;
        var rtlBefore = cosim.RtlTime;
        long cycles = 0;
        for (int i = 0; i < tiles; i++)
        {
            var (_, rtlCycles, mismatch) = cosim.Run(activations, weights, m, rows, cols);
            if (mismatch is not null)
                throw new InvalidOperationException($"benchmark tile on {rtl.Name}: the RTL differs from the fast model: {mismatch}");
            cycles += rtlCycles;
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < tiles; i++)
            registerLevel.Run(activations, weights, accumulators, m, rows, cols);
        double registerLevelSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        return new Result(rtl, tiles, m, cycles * rows * cols,
            (cosim.FastModelTime - fastBefore).TotalSeconds, registerLevelSeconds, (cosim.RtlTime - rtlBefore).TotalSeconds);
    }
}
