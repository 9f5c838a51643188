using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The waveform of a divergence found in a scenario-long lockstep run (<see cref="ScenarioLockstep"/>), which records
/// nothing as it goes (millions of edges would not fit). The run is deterministic, so the same layers are driven
/// again through the same <see cref="ArraySequencer"/> into a fresh RTL alone, whose trace opens
/// <see cref="LockstepChecks.CyclesBefore"/> edges before the divergent one and closes
/// <see cref="LockstepChecks.CyclesAfter"/> after it: the RTL's own inputs and state around the divergence.
/// </summary>
internal static class LockstepReplay
{
    /// <summary>Writes the VCD of <paramref name="divergence"/> into <paramref name="directory"/> and returns the divergence with it.</summary>
    public static CosimDivergence Write(RtlConfig rtl, IEnumerable<LayerRun> layers, CosimDivergence divergence, string directory)
    {
        Directory.CreateDirectory(directory);
        using RtlArray array = rtl.OutputStationary ? new RtlOsArray(rtl) : new RtlPeArray(rtl);
        string path = Path.GetFullPath(Path.Combine(directory, $"{rtl.TopModule}-{rtl.Name}-cycle{divergence.Cycle}.vcd"));
        long first = Math.Max(1, divergence.Cycle - LockstepChecks.CyclesBefore);
        long last = divergence.Cycle + LockstepChecks.CyclesAfter;
        var sequencer = new ArraySequencer(new TracedRtl(array, path, first, last), rtl);
        try
        {
            foreach (var layer in layers) sequencer.Run(layer.Fresh());
        }
        catch (ReplayDone)
        {
        }
        catch (ArrayProtocolFault)
        {
            // A broken RTL may stop the run before the window closes; the trace holds what it reached.
        }
        finally
        {
            array.StopTrace();
        }
        return divergence with { WaveformPath = path, WaveformFirstCycle = first, WaveformLastCycle = Math.Min(last, array.Cycle) };
    }

    private sealed class ReplayDone : Exception;

    /// <summary>An RTL array that opens its trace at <c>first</c> and ends the replay at <c>last</c>.</summary>
    private sealed class TracedRtl(RtlArray rtl, string path, long first, long last) : ArrayTap(rtl)
    {
        protected override void BeforeEdge()
        {
            if (rtl.Cycle + 1 == first) rtl.StartTrace(path);
        }

        protected override void AfterEdge()
        {
            if (rtl.Cycle >= last) throw new ReplayDone();
        }
    }
}
