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
    /// <summary>The PE array's rows and columns: with the clock, the peak MAC rate of a roofline.</summary>
    public int PeRows { get; init; }
    public int PeCols { get; init; }

    /// <summary>Device memory in one line, and its peak bandwidth (the DRAM's, or the simple model's pipe).</summary>
    public string Memory { get; init; } = "";
    public double MemoryPeakGBps { get; init; }

    /// <summary>An imported graph's output values by name, as the accelerator computed them; empty for YAML layers.</summary>
    public IReadOnlyDictionary<string, Sim.Graph.GraphValue> Outputs { get; init; } = new Dictionary<string, Sim.Graph.GraphValue>();

    public long TotalCycles => Layers.Sum(l => l.Cycles);
    public long TotalMacs => Layers.Sum(l => l.Macs);
    public bool AllBitExact => Layers.All(l => l.BitExact);
    public double LatencyMicroseconds => TotalCycles / ClockMhz;
}
