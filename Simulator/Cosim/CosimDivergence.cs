namespace Sim.Cosim;

/// <summary>
/// The first cycle at which the RTL and the register-level model disagreed on an output port.
/// </summary>
/// <param name="Cycle">Clock edges since the last reset, as both models count them.</param>
/// <param name="Signal">The RTL port, e.g. <c>psum_out[3]</c> or <c>psum_valid_out[0]</c>.</param>
/// <param name="Expected">The register-level model's value (valid bits as 0 and 1).</param>
/// <param name="Actual">The RTL's value.</param>
/// <param name="WaveformPath">The VCD of the RTL around the divergence, or null if none was written.</param>
/// <param name="WaveformFirstCycle">The first cycle the VCD shows.</param>
/// <param name="WaveformLastCycle">The last cycle the VCD shows (after the divergence the inputs are idle).</param>
internal sealed record CosimDivergence(
    string Config, long Cycle, string Signal, long Expected, long Actual,
    string? WaveformPath, long WaveformFirstCycle, long WaveformLastCycle)
{
    /// <summary>
    /// The VCD time of a cycle's rising edge. The waveform is a fresh array's: its reset is edge 1
    /// and each edge takes 10 time units, so cycle N (N edges after reset) rises at 10 (N + 1).
    /// </summary>
    public static long WaveformTime(long cycle) => 10 * (cycle + 1);

    public override string ToString() =>
        $"RTL {Config} diverged from the register-level model at cycle {Cycle}: {Signal} expected {Expected}, RTL gave {Actual}" +
        (WaveformPath is null
            ? ""
            : $"; RTL waveform of cycles {WaveformFirstCycle}..{WaveformLastCycle} in {WaveformPath} " +
              $"(cycle {Cycle} is the rising edge at time {WaveformTime(Cycle)})");
}

/// <summary>Thrown by <see cref="LockstepCosimulator"/> at the first divergence; the run stops there.</summary>
internal sealed class CosimMismatchException(CosimDivergence divergence) : Exception(divergence.ToString())
{
    public CosimDivergence Divergence { get; } = divergence;
}
