using Sim.Config;

namespace Sim.Scratchpad;

/// <summary>
/// The banking of one scratchpad. Bytes are laid out line by line (a line is one bank's width)
/// and lines are interleaved across banks: line L lives in bank L mod Banks. In one cycle a bank
/// serves Ports line accesses; accesses beyond that wait for the next cycle, so a cycle's worth
/// of requests takes as many cycles as its busiest bank needs.
/// </summary>
internal sealed class ScratchpadBanks(ScratchpadConfig config)
{
    private readonly int[] _linesPerBank = new int[config.Banks];

    public ScratchpadConfig Config => config;

    /// <summary>
    /// Cycles to serve, together, a set of contiguous accesses that the datapath issues in one
    /// cycle: (start byte address, length in bytes) each. At least one.
    /// </summary>
    public int CyclesFor(ReadOnlySpan<(long Address, int Bytes)> accesses)
    {
        Array.Clear(_linesPerBank);
        int busiest = 0;
        foreach (var (address, bytes) in accesses)
        {
            if (bytes <= 0) continue;
            long first = address / config.WidthBytes, last = (address + bytes - 1) / config.WidthBytes;
            for (long line = first; line <= last; line++)
                busiest = Math.Max(busiest, ++_linesPerBank[line % config.Banks]);
        }
        return Math.Max(1, (busiest + config.Ports - 1) / config.Ports);
    }
}
