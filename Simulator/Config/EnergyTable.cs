namespace Sim.Config;

/// <summary>pJ per MAC of one operand format: both operands new, the moving operand unchanged, or gated on a zero.</summary>
internal sealed record MacEnergy(double Active, double Unchanged, double Gated);

/// <summary>pJ per 64-bit SRAM access at a capacity.</summary>
internal sealed record SramEnergyPoint(double Kib, double Pj);

/// <summary>pJ per bit moved, per activate-precharge pair and per refresh command, of one DRAM technology.</summary>
internal sealed record DramEnergy(double PjPerBit, double ActivatePj, double RefreshPj);

/// <summary>
/// The special-function unit's own figure: pJ of an element's range reduction and reconstruction. Its table read and
/// interpolation are priced from <see cref="EnergyTable.Sram"/> and <see cref="EnergyTable.Mac"/> (<see cref="Energy.SfuEnergy"/>).
/// </summary>
internal sealed record SfuEnergyFigures(double RangeReductionPj);

/// <summary>
/// Energy per action and static power, from configs/energy/*.yaml. Energy of a run is the sum of
/// the actions it counted times these figures, plus static power times time: nothing else.
/// </summary>
internal sealed record EnergyTable(
    string Name,
    int TechnologyNodeNm,
    IReadOnlyDictionary<string, MacEnergy> Mac,
    double PeRegistersPerMacPj,
    int PeRegisterBits,
    IReadOnlyList<SramEnergyPoint> Sram,
    IReadOnlyDictionary<string, DramEnergy> Dram,
    double HostLinkPjPerBit,
    double VectorOpPj,
    double LeakagePerPeMw,
    double LeakagePerScratchpadKibMw,
    double LeakagePerDramChannelMw)
{
    /// <summary>The <c>sfu:</c> entry, or null for a table without one (hardware with an SFU is then refused).</summary>
    public SfuEnergyFigures? Sfu { get; init; }

    /// <summary>
    /// pJ of one access of <paramref name="widthBytes"/> to an SRAM of <paramref name="capacityBytes"/>:
    /// the 64-bit figure interpolated on log2(capacity) between the table's points (held flat past
    /// either end), times width / 8 bytes.
    /// </summary>
    public double SramAccessPj(long capacityBytes, int widthBytes)
    {
        double kib = capacityBytes / 1024.0;
        double per64;
        if (kib <= Sram[0].Kib) per64 = Sram[0].Pj;
        else if (kib >= Sram[^1].Kib) per64 = Sram[^1].Pj;
        else
        {
            int i = 1;
            while (Sram[i].Kib < kib) i++;
            var (lo, hi) = (Sram[i - 1], Sram[i]);
            double t = (Math.Log2(kib) - Math.Log2(lo.Kib)) / (Math.Log2(hi.Kib) - Math.Log2(lo.Kib));
            per64 = lo.Pj + t * (hi.Pj - lo.Pj);
        }
        return per64 * widthBytes / 8.0;
    }
}
