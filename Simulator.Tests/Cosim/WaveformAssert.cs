using Sim.Cosim;

namespace Sim.Tests.Cosim;

/// <summary>What a lockstep divergence's VCD must show: the cycles around the divergent edge, the output ports.</summary>
internal static class WaveformAssert
{
    public static void Covers(CosimDivergence divergence)
    {
        Assert.That(divergence.WaveformPath, Does.Exist);
        Assert.That(divergence.WaveformFirstCycle, Is.EqualTo(Math.Max(1, divergence.Cycle - LockstepChecks.CyclesBefore)));
        Assert.That(divergence.WaveformLastCycle, Is.EqualTo(divergence.Cycle + LockstepChecks.CyclesAfter));
        string vcd = File.ReadAllText(divergence.WaveformPath!);
        Assert.That(vcd, Does.Contain("psum_out"));
        Assert.That(vcd, Does.Contain($"\n#{CosimDivergence.WaveformTime(divergence.Cycle)}\n"));
        Assert.That(vcd, Does.Contain($"\n#{CosimDivergence.WaveformTime(divergence.WaveformLastCycle)}\n"));
    }
}
