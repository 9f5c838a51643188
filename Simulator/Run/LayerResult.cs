namespace Sim.Run;

/// <summary>What one layer's run measured: its cycles and where they went, its work and traffic,
/// and whether its output equalled the golden model's.</summary>
public sealed record LayerResult(
    string Name,
    string Type,
    string Unit,
    long Cycles,
    long ComputeCycles,
    long MemoryStallCycles,
    long Macs,
    double Utilisation,
    int Tiles,
    long BytesRead,
    long BytesWritten,
    bool BitExact,
    string? Mismatch);
