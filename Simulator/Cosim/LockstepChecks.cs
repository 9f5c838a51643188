using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// What both lockstep cosimulators (<see cref="LockstepCosimulator"/>, <see cref="OutputStationaryLockstep"/>)
/// do the same way: compare the register-level model's outputs with the RTL's after an edge, and write the
/// RTL's waveform around a divergence by replaying the recorded inputs.
/// </summary>
/// <remarks>
/// Waveform: tracing every cycle would slow every run for the rare failing one, so instead each lockstep
/// records the inputs since the last reset (a few bytes per PE row and column per cycle) and, on a divergence,
/// replays them into a fresh RTL array with its VCD opened <see cref="CyclesBefore"/> cycles before the
/// divergent one. The recording ends at the divergent cycle, so the trace then runs <see cref="CyclesAfter"/>
/// more cycles with idle inputs to show where the wrong value goes next. The replay is the same RTL on the
/// same inputs, so it diverges at the same cycle.
/// </remarks>
internal static class LockstepChecks
{
    public const int CyclesBefore = 32;
    public const int CyclesAfter = 4;

    /// <summary>
    /// Column by column, the valid bit before the sum (a sum that is late or early shows as its valid bit),
    /// then the MAC counters, active, gated, repeated, compared modulo 2^CounterWidth as the RTL's registers wrap.
    /// </summary>
    public static CosimDivergence? FirstDifference(RtlConfig config, IArrayOutputs expected, IArrayOutputs actual)
    {
        CosimDivergence Divergence(string signal, long expectedValue, long actualValue) =>
            new(config.Name, expected.Cycle, signal, expectedValue, actualValue, null, 0, 0);

        var expectedSums = expected.PartialSumOut;
        var expectedValid = expected.PartialSumOutValid;
        var actualSums = actual.PartialSumOut;
        var actualValid = actual.PartialSumOutValid;
        for (int c = 0; c < expected.Cols; c++)
        {
            if (expectedValid[c] != actualValid[c])
                return Divergence($"psum_valid_out[{c}]", expectedValid[c] ? 1 : 0, actualValid[c] ? 1 : 0);
            if (expectedSums[c] != actualSums[c])
                return Divergence($"psum_out[{c}]", expectedSums[c], actualSums[c]);
        }
        return CounterDifference("mac_active_out", expected.MacsActive, actual.MacsActive)
            ?? CounterDifference("mac_gated_out", expected.MacsGated, actual.MacsGated)
            ?? CounterDifference("mac_repeated_out", expected.MacsRepeated, actual.MacsRepeated);

        CosimDivergence? CounterDifference(string port, ReadOnlySpan<long> expectedCounts, ReadOnlySpan<long> actualCounts)
        {
            ulong mask = (1UL << config.CounterWidth) - 1;
            for (int c = 0; c < expectedCounts.Length; c++)
                if (((ulong)expectedCounts[c] & mask) != ((ulong)actualCounts[c] & mask))
                    return Divergence($"{port}[{c}]", (long)((ulong)expectedCounts[c] & mask), actualCounts[c]);
            return null;
        }
    }

    /// <summary>
    /// Replays cycles 1 .. divergence + <see cref="CyclesAfter"/> into <paramref name="replay"/> (a fresh array of
    /// the build that diverged), tracing from <see cref="CyclesBefore"/> cycles before the divergence into
    /// <c>TOP-CONFIG-cycleN.vcd</c> in <paramref name="directory"/>. <paramref name="step"/> drives one edge of a
    /// cycle: its recorded inputs up to the divergence, idle inputs after it. A null directory writes nothing.
    /// </summary>
    public static CosimDivergence WriteWaveform<TArray>(CosimDivergence divergence, string? directory, Func<TArray> replay, Action<TArray, long> step)
        where TArray : RtlArray
    {
        if (directory is null)
            return divergence;
        using var array = replay();
        Directory.CreateDirectory(directory);
        string path = Path.GetFullPath(Path.Combine(directory, $"{array.Config.TopModule}-{array.Config.Name}-cycle{divergence.Cycle}.vcd"));
        long first = Math.Max(1, divergence.Cycle - CyclesBefore);
        long last = divergence.Cycle + CyclesAfter;
        for (long cycle = 1; cycle <= last; cycle++)
        {
            if (cycle == first)
                array.StartTrace(path);
            step(array, cycle);
        }
        array.StopTrace();
        return divergence with { WaveformPath = path, WaveformFirstCycle = first, WaveformLastCycle = last };
    }
}
