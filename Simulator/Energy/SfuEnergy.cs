using Sim.Config;
using Sim.Numerics;

namespace Sim.Energy;

/// <summary>
/// What one element costs the special-function unit, from the energy table: a read of its table (an SRAM of
/// lut_entries x the format's bytes, one entry wide, or two adjacent entries wide for linear interpolation), for linear
/// interpolation one MAC of the table format, and the range reduction and reconstruction (<c>sfu.range_reduction_pj</c>).
/// </summary>
internal readonly record struct SfuEnergy(double TableReadPj, double InterpolationPj, double RangeReductionPj)
{
    /// <summary>One lookup's dynamic energy: the three together.</summary>
    public double LookupPj => TableReadPj + InterpolationPj + RangeReductionPj;

    public static SfuEnergy Of(EnergyTable table, SfuConfig sfu)
    {
        var figures = table.Sfu ?? throw new InvalidOperationException($"energy table '{table.Name}' has no sfu: entry");
        int entryBytes = sfu.TableFormat.Info().Bits / 8;
        bool linear = sfu.Interpolation == SfuInterpolation.Linear;
        return new SfuEnergy(
            table.SramAccessPj((long)sfu.LutEntries * entryBytes, linear ? 2 * entryBytes : entryBytes),
            linear ? table.Mac[sfu.TableFormat.Name()].Active : 0,
            figures.RangeReductionPj);
    }
}
