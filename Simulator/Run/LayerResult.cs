using Sim.Accelerator;
using Sim.Energy;
using Sim.Memory.Dram;

namespace Sim.Run;

/// <summary>What one layer's run measured: its cycles and where they went, its work and traffic
/// (with the DRAM's own counters when device memory is a DRAM model), and whether its output
/// equalled the golden model's, and a SHA-256 of its output tensor's bytes (for regression baselines).</summary>
public sealed record LayerResult(
    string Name,
    string Type,
    string Unit,
    LayerTiming Timing,
    long Macs,
    double Utilisation,
    int Tiles,
    long DramBytesRead,
    long DramBytesWritten,
    long LinkBytesToDevice,
    long LinkBytesToHost,
    double ClockMhz,
    DramStats? Dram,
    LayerEnergy Energy,
    bool BitExact,
    string? Mismatch,
    string? OutputSha256 = null)
{
    public long Cycles => Timing.Cycles;

    /// <summary>Device-memory bytes moved per second of the layer's run, in GB/s.</summary>
    public double DramGBps => Cycles == 0 ? 0 : (DramBytesRead + DramBytesWritten) * ClockMhz / 1e3 / Cycles;
}
