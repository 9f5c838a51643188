namespace Sim.Run;

/// <summary>A whole scenario's run: its layers' results and the totals an architect compares.</summary>
public sealed record RunSummary(
    string Scenario,
    string Hardware,
    int Seed,
    double ClockMhz,
    string EnergyTable,
    IReadOnlyList<LayerResult> Layers,
    double WallSeconds)
{
    public long TotalCycles => Layers.Sum(l => l.Cycles);
    public long TotalMacs => Layers.Sum(l => l.Macs);
    public bool AllBitExact => Layers.All(l => l.BitExact);
    public double LatencyMicroseconds => TotalCycles / ClockMhz;
}
