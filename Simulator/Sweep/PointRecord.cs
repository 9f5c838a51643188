namespace Sim.Sweep;

/// <summary>
/// One finished sweep point as the database holds it: its key (SHA-256 of the resolved
/// configuration), axis values and per-layer results as JSON, totals, and when, where and by
/// which process it ran.
/// </summary>
internal sealed record PointRecord(
    string Key,
    string Sweep,
    int PointIndex,
    string AxesJson,
    string Scenario,
    string Hardware,
    long TotalCycles,
    double LatencyUs,
    double EnergyUj,
    bool BitExact,
    string LayersJson,
    double WallSeconds,
    string StartedAt,
    string FinishedAt,
    int Pid,
    string Host,
    string Config)
{
    /// <summary>The point's accelerator's silicon area, and its run's tera-operations per joule.</summary>
    public double AreaMm2 { get; init; }
    public double TopsPerWatt { get; init; }

    /// <summary>The special-function unit's cost and accuracy, or null when the run used none.</summary>
    public SfuPointFigures? Sfu { get; init; }
}
