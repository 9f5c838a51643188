using Sim.Config;

namespace Sim.Run;

/// <summary>
/// The roofs of a roofline, each derived from the hardware's configuration alone:
/// <list type="bullet">
/// <item>Compute: rows x cols PEs, one MAC each per core cycle, at the core clock.</item>
/// <item>SRAM (on-chip scratchpads): every bank of the input, weight and output scratchpads serving each of its
///   ports one line of width_bytes per core cycle, summed over the three: sum(banks x ports x width_bytes) x clock.
///   It is the most the scratchpads can feed the array and take back, bank conflicts aside.</item>
/// <item>DRAM (device memory): the memory model's peak, the DRAM's data-bus rate over every channel
///   (or the simple model's pipe), as <see cref="MemoryConfig.PeakGBps"/> states it.</item>
/// <item>PCIe (host link): the payload rate of a long transfer in one direction, after line encoding and TLP and
///   DLLP overhead (<see cref="Sim.HostLink.HostLinkConfig.SustainedGBps"/>); the link is full duplex, so each
///   direction has this roof.</item>
/// </list>
/// </summary>
internal sealed record HardwareRoofs(double PeakGmacs, double SramGBps, double DramGBps, double LinkGBps)
{
    public static HardwareRoofs Of(HardwareConfig hw)
    {
        var s = hw.Scratchpads;
        long sramBytesPerCycle = new[] { s.Input, s.Weight, s.Output }.Sum(b => (long)b.Banks * b.Ports * b.WidthBytes);
        return new HardwareRoofs(
            PeakGmacs: (double)hw.PeArray.Rows * hw.PeArray.Cols * hw.PeArray.ClockMhz / 1e3,
            SramGBps: sramBytesPerCycle * hw.PeArray.ClockMhz / 1e3,
            DramGBps: hw.Memory.PeakGBps,
            LinkGBps: hw.HostLink.SustainedGBps);
    }
}
