using Sim.Config;
using Sim.Numerics;

namespace Sim.Area;

/// <summary>One component's silicon area, in mm^2.</summary>
internal sealed record ComponentArea(string Component, double Mm2);

/// <summary>A whole accelerator's area, by component, at its technology node.</summary>
internal sealed record AreaBreakdown(IReadOnlyList<ComponentArea> Components, int TechnologyNm)
{
    public double TotalMm2 => Components.Sum(c => c.Mm2);
}

/// <summary>
/// The accelerator's silicon area from its area table (configs/area/), scaled by (technology_nm / the table's
/// node)^2:
/// <list type="bullet">
/// <item>PE array: rows x cols PEs, each a multiplier of its operand format, an adder of its accumulator
///   format, and its registers: weight and activation (operand bits each), the partial sum (accumulator
///   bits), two valid bits, and with two weight buffers a second weight and the bank bit. With int4 packing each PE
///   has two int4 multipliers and adders and its operand registers hold two int4 values.</item>
/// <item>Each scratchpad: its bits x the cell area (each port beyond the first adds the extra-port fraction
///   of a cell) / the array efficiency, plus a fixed periphery per bank.</item>
/// <item>The vector unit: its lanes; the DRAM controller and PHY: per channel of its technology.</item>
/// <item>The special-function unit, when the hardware has one: its tables and lanes (<see cref="SfuArea"/>).</item>
/// </list>
/// A chip of several cores has each core's PE array, scratchpads and vector unit once per core.
/// The 2:4 index muxes, zero-skipping logic, DMA engines, the network-on-chip's routers and links and the host link's
/// PHY are not counted.
/// </summary>
internal static class AreaModel
{
    public static AreaBreakdown Of(HardwareConfig hw)
    {
        var t = hw.Area;
        int nm = hw.TechnologyNm;
        double scale = Math.Pow(nm / (double)t.TechnologyNodeNm, 2) / 1e6;   // um^2 at the table's node -> mm^2 at ours
        // int4 pairs: two multipliers, two adders, and operand registers holding two int4 values each.
        int lanes = hw.PairsInt4(hw.DefaultFormat) ? 2 : 1;
        int operandBits = lanes * hw.NumberFormat.Info().Bits, accumulatorBits = hw.Accumulator.Info().Bits;
        int registerBits = 2 * operandBits + accumulatorBits + 2 + (hw.PeArray.WeightBuffers == 2 ? operandBits + 1 : 0);
        double pe = lanes * (t.MultiplierUm2[hw.NumberFormat.Name()] + t.AdderUm2[hw.Accumulator.Name()]) + registerBits * t.RegisterBitUm2;
        var pads = hw.Scratchpads;
        var (phyName, channels) = hw.Memory.Interface;
        return new AreaBreakdown(
        [
            new("pe_array", (long)hw.PeArray.Rows * hw.PeArray.Cols * hw.Cores * pe * scale),
            new("input_scratchpad", Sram(t, pads.Input) * hw.Cores * scale),
            new("weight_scratchpad", Sram(t, pads.Weight) * hw.Cores * scale),
            new("output_scratchpad", Sram(t, pads.Output) * hw.Cores * scale),
            new("vector_unit", hw.VectorUnit.Lanes * hw.Cores * t.VectorLaneUm2 * scale),
            new("dram_phy", channels * t.DramPhyMm2.GetValueOrDefault(phyName) * 1e6 * scale),
            // Hardware without an SFU keeps the breakdown it always had: no sfu component, not a zero one.
            .. hw.Sfu is { } sfu ? [new ComponentArea("sfu", SfuArea.Um2(t, sfu) * scale)] : Array.Empty<ComponentArea>(),
        ], nm);
    }

    /// <summary>um^2 of one scratchpad at the table's node.</summary>
    public static double Sram(AreaTable t, ScratchpadConfig pad)
    {
        double cell = t.SramBitcellUm2 * (1 + t.SramExtraPort * (pad.Ports - 1));
        return pad.CapacityBytes * 8.0 * cell / t.SramArrayEfficiency + pad.Banks * t.SramBankPeripheryUm2;
    }
}
