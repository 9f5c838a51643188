using Sim.Config;
using Sim.Memory.Dram;

namespace Sim.Energy;

/// <summary>
/// Energy = counted actions x the table's energy per action, plus each component's static power
/// x the layer's time. Static power: the PE array per PE, each scratchpad per KiB, DRAM per rank from its
/// datasheet currents (<see cref="Sim.Memory.Dram.DramPower"/>; per channel from the table for a part without them).
/// </summary>
internal static class EnergyModel
{
    public static LayerEnergy Evaluate(EnergyTable table, HardwareConfig hw, LayerActions a)
    {
        double ns = a.Cycles * 1e3 / hw.PeArray.ClockMhz;     // mW x ns = pJ
        var pads = hw.Scratchpads;

        if (!table.Mac.TryGetValue(a.OperandFormat, out var mac))
            throw new InvalidOperationException($"energy table '{table.Name}' has no MAC figure for {a.OperandFormat}");
        double peDynamic = a.Macs.Active * mac.Active + a.Macs.Unchanged * mac.Unchanged + a.Macs.Gated * mac.Gated
                           + a.Macs.Total * table.PeRegistersPerMacPj * a.PeRegisterBits / table.PeRegisterBits;
        double peStatic = (long)hw.PeArray.Rows * hw.PeArray.Cols * table.LeakagePerPeMw * ns;

        var (dramName, channels) = hw.Memory.Interface;
        if (!table.Dram.TryGetValue(dramName, out var dram))
            throw new InvalidOperationException($"energy table '{table.Name}' has no DRAM figures for {dramName}");
        // A DRAM part with datasheet currents prices its activates, refreshes and background from them, per rank;
        // otherwise the table's per-activate, per-refresh and per-channel figures apply.
        var (activatePj, refreshPj, backgroundMw) = hw.Memory is DramMemoryConfig { Dram: { Power: { } power } part }
            ? (power.ActivatePj(part.Timings, 1e3 / part.ClockMhz), power.RefreshPj(part.Timings, 1e3 / part.ClockMhz),
               power.BackgroundMwPerRank * part.Organization.Ranks * part.Channels)
            : (dram.ActivatePj, dram.RefreshPj, channels * table.LeakagePerDramChannelMw);

        return new LayerEnergy(
        [
            new("pe_array", peDynamic, peStatic)
            {
                Actions = $"macs active {a.Macs.Active}; unchanged operand {a.Macs.Unchanged}; gated {a.Macs.Gated}",
            },
            new("vector_unit", a.VectorOps * table.VectorOpPj, 0) { Actions = $"operations {a.VectorOps}" },
            Scratchpad("input_scratchpad", a.Input, pads.Input, table, ns),
            Scratchpad("weight_scratchpad", a.Weight, pads.Weight, table, ns),
            Scratchpad("output_scratchpad", a.Output, pads.Output, table, ns),
            new("dram",
                a.DramBytes * 8 * dram.PjPerBit + a.DramActivates * activatePj + a.DramRefreshes * refreshPj,
                backgroundMw * ns)
            {
                Actions = $"bits {a.DramBytes * 8}; activates {a.DramActivates}; refreshes {a.DramRefreshes}",
            },
            new("host_link", a.LinkWireBytes * 8 * table.HostLinkPjPerBit, 0) { Actions = $"wire bits {a.LinkWireBytes * 8}" },
        ]);
    }

    private static ComponentEnergy Scratchpad(string name, ScratchpadAccesses accesses, ScratchpadConfig pad, EnergyTable table, double ns) =>
        new(name,
            // An access reads or writes one line of one bank: priced at the bank's size, not the whole buffer's.
            accesses.Total * table.SramAccessPj(pad.CapacityBytes / pad.Banks, pad.WidthBytes),
            pad.CapacityBytes / 1024.0 * table.LeakagePerScratchpadKibMw * ns)
        {
            Actions = $"lines read {accesses.Reads}; written {accesses.Writes}",
        };
}
