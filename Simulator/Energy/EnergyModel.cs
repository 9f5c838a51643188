using Sim.Config;
using Sim.Memory.Dram;

namespace Sim.Energy;

/// <summary>
/// Energy = counted actions x the table's energy per action, plus each component's static power
/// x the layer's time. Static power: the PE array per PE, each scratchpad per KiB, DRAM per rank from its
/// datasheet currents (<see cref="Sim.Memory.Dram.DramPower"/>; per channel from the table for a part without them).
/// A chip of several cores leaks in every core's PE array and scratchpads, and prices its network-on-chip as its
/// routers' energy per payload byte per hop (<see cref="Sim.Noc.NocConfig.RouterPjPerByte"/>; the table has no NoC figure).
/// </summary>
internal static class EnergyModel
{
    public static LayerEnergy Evaluate(EnergyTable table, HardwareConfig hw, LayerActions a)
    {
        double ns = a.Cycles * 1e3 / hw.PeArray.ClockMhz;     // mW x ns = pJ
        var pads = hw.Scratchpads;

        if (!table.Mac.TryGetValue(a.OperandFormat, out var mac))
            throw new InvalidOperationException($"energy table '{table.Name}' has no MAC figure for {a.OperandFormat}");
        double registersPj = table.PeRegistersPerMacPj * a.PeRegisterBits / table.PeRegisterBits;
        long pes = (long)hw.PeArray.Rows * hw.PeArray.Cols * hw.Cores;

        var (dramName, channels) = hw.Memory.Interface;
        if (!table.Dram.TryGetValue(dramName, out var dram))
            throw new InvalidOperationException($"energy table '{table.Name}' has no DRAM figures for {dramName}");
        // A DRAM part with datasheet currents prices its activates, refreshes and background from them, per rank;
        // otherwise the table's per-activate, per-refresh and per-channel figures apply.
        var (activatePj, refreshPj, backgroundMw) = hw.Memory is DramMemoryConfig { Dram: { Power: { } power } part }
            ? (power.ActivatePj(part.Timings, 1e3 / part.ClockMhz), power.RefreshPj(part.Timings, 1e3 / part.ClockMhz),
               power.BackgroundMwPerRank * part.Organization.Ranks * part.Channels)
            : (dram.ActivatePj, dram.RefreshPj, channels * table.LeakagePerDramChannelMw);

        var components = new List<ComponentEnergy>
        {
            new("pe_array",
            [
                new("macs active", a.Macs.Active, mac.Active), new("unchanged operand", a.Macs.Unchanged, mac.Unchanged),
                new("gated", a.Macs.Gated, mac.Gated), new("register updates", a.Macs.Total, registersPj),
            ], pes * table.LeakagePerPeMw, ns),
            new("vector_unit", [new("operations", a.VectorOps, table.VectorOpPj)], 0, ns),
            Sfu(table, hw, a.SfuLookups, ns),
            Scratchpad("input_scratchpad", a.Input, pads.Input, table, ns, hw.Cores),
            Scratchpad("weight_scratchpad", a.Weight, pads.Weight, table, ns, hw.Cores),
            Scratchpad("output_scratchpad", a.Output, pads.Output, table, ns, hw.Cores),
            new("dram",
            [
                new("bits", a.DramBytes * 8, dram.PjPerBit), new("activates", a.DramActivates, activatePj),
                new("refreshes", a.DramRefreshes, refreshPj),
            ], backgroundMw, ns),
            new("host_link", [new("wire bits", a.LinkWireBytes * 8, table.HostLinkPjPerBit)], 0, ns),
        };
        if (hw.Cores > 1) components.Add(new("noc", [new("byte hops", a.NocByteHops, hw.Noc.RouterPjPerByte)], 0, ns));
        return new LayerEnergy(components);
    }

    /// <summary>The special-function unit's lookups (none, and no figures needed, on hardware without one).</summary>
    private static ComponentEnergy Sfu(EnergyTable table, HardwareConfig hw, long lookups, double ns)
    {
        var e = hw.Sfu is { } sfu ? SfuEnergy.Of(table, sfu) : default;
        return new("sfu",
        [
            new("table reads", lookups, e.TableReadPj), new("interpolations", e.InterpolationPj > 0 ? lookups : 0, e.InterpolationPj),
            new("range reductions", lookups, e.RangeReductionPj),
        ], 0, ns);
    }

    private static ComponentEnergy Scratchpad(string name, ScratchpadAccesses accesses, ScratchpadConfig pad, EnergyTable table, double ns, int cores)
    {
        // An access reads or writes one line of one bank: priced at the bank's size, not the whole buffer's.
        double lineReadPj = table.SramAccessPj(pad.CapacityBytes / pad.Banks, pad.WidthBytes);
        return new(name, [new("lines read", accesses.Reads, lineReadPj), new("written", accesses.Writes, lineReadPj)],
            pad.CapacityBytes * cores / 1024.0 * table.LeakagePerScratchpadKibMw, ns);
    }
}
