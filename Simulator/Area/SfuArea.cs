using Sim.Config;
using Sim.Numerics;

namespace Sim.Area;

/// <summary>
/// The special-function unit's area at the area table's node, in um^2:
/// <list type="bullet">
/// <item>its tables: lut_entries x the table format's bits x the number of functions, SRAM cells over the array
///   efficiency, as a scratchpad's. Linear interpolation stores the same entries (it reads two adjacent ones a lookup,
///   an even and an odd bank side by side), so both interpolations store the same bits. A table of a few hundred bytes
///   has no bank periphery of a scratchpad's size, so none is counted;</item>
/// <item>per lane, for linear interpolation, a multiplier and an adder of the table format (the energy model prices
///   the interpolation as a MAC of that format too), and for either interpolation the range reduction and
///   reconstruction (the table's <c>sfu: range_reduction_um2</c>).</item>
/// </list>
/// </summary>
internal static class SfuArea
{
    /// <summary>Bits of every table the unit holds.</summary>
    public static long TableBits(SfuConfig sfu) => (long)sfu.LutEntries * sfu.TableFormat.Info().Bits * sfu.Functions.Count;

    public static double Um2(AreaTable t, SfuConfig sfu)
    {
        double tables = TableBits(sfu) * t.SramBitcellUm2 / t.SramArrayEfficiency;
        string format = sfu.TableFormat.Name();
        double interpolator = sfu.Interpolation == SfuInterpolation.Linear ? t.MultiplierUm2[format] + t.AdderUm2[format] : 0;
        double rangeReduction = t.SfuRangeReductionUm2
            ?? throw new InvalidOperationException($"area table '{t.Name}' has no sfu: entry");
        return tables + sfu.Lanes * (interpolator + rangeReduction);
    }
}
