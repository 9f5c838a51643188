namespace Sim.Memory.Dram;

/// <summary>One supply rail of a DRAM device: its voltage and its datasheet currents in mA.</summary>
internal sealed record DramPowerRail(double Volts, double Idd0, double Idd2N, double Idd3N, double Idd5);

/// <summary>
/// A DRAM part's power from its datasheet currents (<c>power:</c> in a DRAM file), per rank of
/// <see cref="DevicesPerRank"/> devices, summed over the device's rails, as Micron's power notes (TN-40-07)
/// and DRAMPower derive it:
/// <list type="bullet">
/// <item>background: active standby, V x IDD3N, for as long as the run lasts (rows stay open under the open-page
///   policy; precharge standby, IDD2N, would be lower);</item>
/// <item>an activate: V x (IDD0 x tRC - (IDD3N x tRAS + IDD2N x (tRC - tRAS))) x tCK, what one ACT-PRE pair costs
///   above standby;</item>
/// <item>a refresh: V x (IDD5 - IDD3N) x tRFC x tCK.</item>
/// </list>
/// Reads and writes are priced per bit by the energy table (array and I/O together).
/// </summary>
internal sealed record DramPower(int DevicesPerRank, IReadOnlyList<DramPowerRail> Rails)
{
    /// <summary>mW of one rank in active standby.</summary>
    public double BackgroundMwPerRank => DevicesPerRank * Rails.Sum(r => r.Volts * r.Idd3N);

    /// <summary>pJ of one activate (with its precharge) above standby.</summary>
    public double ActivatePj(DramTimings t, double tckNs) =>
        DevicesPerRank * Rails.Sum(r => r.Volts * (r.Idd0 * t.TRC - (r.Idd3N * t.TRAS + r.Idd2N * (t.TRC - t.TRAS)))) * tckNs;

    /// <summary>pJ of one refresh of one rank above standby.</summary>
    public double RefreshPj(DramTimings t, double tckNs) =>
        DevicesPerRank * Rails.Sum(r => r.Volts * (r.Idd5 - r.Idd3N)) * t.TRFC * tckNs;
}
