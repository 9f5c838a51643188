using Sim.Accelerator;
using Sim.Energy;
using Sim.Memory.Dram;

namespace Sim.Run;

/// <summary>What one layer's run measured: its cycles and where they went, its work and traffic
/// (with the DRAM's own counters when device memory is a DRAM model), and whether its output
/// equalled the golden model's, and a SHA-256 of its output tensor's bytes (for regression baselines).</summary>
internal sealed record LayerResult(
    string Name,
    string Type,
    string Unit,
    LayerTiming Timing,
    long Macs,
    double Utilisation,
    int Tiles,
    long DramBytesRead,
    long DramBytesWritten,
    long LinkBytesToDevice,
    long LinkBytesToHost,
    double ClockMhz,
    DramStats? Dram,
    LayerEnergy Energy,
    bool BitExact,
    string? Mismatch,
    string OutputSha256)
{
    public long Cycles => Timing.Cycles;

    /// <summary>The layer's number formats (operands/accumulator/output, "int8/int32/int8"; vector layers "int8").</summary>
    public string Format { get; init; } = "int8";

    /// <summary>Largest |output - float64 reference| of the layer (see <see cref="GoldenResult"/>); 0 for vector layers.</summary>
    public double MaxAbsError { get; init; }

    /// <summary>The same error in units in the last place of the output format.</summary>
    public double MaxUlpError { get; init; }

    /// <summary>PE-array MACs that multiplied (see <see cref="Sim.PeArray.TileStats"/>).</summary>
    public long MacsActive { get; init; }

    /// <summary>MACs gated for a zero operand (zero gating on).</summary>
    public long MacsGated { get; init; }

    /// <summary>Active MACs whose moving operand repeated the previous cycle's (Accelergy's constant operand).</summary>
    public long MacsRepeated { get; init; }

    /// <summary>Activation vectors the sequencer did not issue (zero-vector skipping), over all tiles.</summary>
    public long VectorsSkipped { get; init; }

    /// <summary>True when the layer ran 2:4 compressed weights.</summary>
    public bool Structured24 { get; init; }

    /// <summary>What limits the layer: "compute", "DRAM" or "host link" (see <see cref="LayerBound"/>); "fused" for a layer run in another's output stage.</summary>
    public string Bound { get; init; } = "compute";

    /// <summary>The core cycles the layer's DRAM bytes need at the memory's peak bandwidth, which <see cref="Bound"/> compares; null for a fused layer.</summary>
    public long? DramBusyCycles { get; init; }

    /// <summary>A PE-array layer's utilisation and its two losses (see <see cref="UtilisationSplit"/>); null for other units.</summary>
    public UtilisationSplit? Split { get; init; }

    /// <summary>True when the mapper held the activations in the array and streamed the weights (see Mapper).</summary>
    public bool WeightsStream { get; init; }

    /// <summary>
    /// The fewest device-memory bytes the layer could move: each tensor it reads (input, weights, residual) and
    /// the tensor it writes, once, as stored (a convolution's input, not its im2col rows). Against
    /// <see cref="DramBytesRead"/> + <see cref="DramBytesWritten"/> it shows what the mapping wastes.
    /// </summary>
    public long DramBytesMinimum { get; init; }

    /// <summary>The mapping a PE-array layer ran (stationary operand, loop order, tile sizes), or null.</summary>
    public string? Mapping { get; init; }

    /// <summary>The layer whose output stage ran this one (a fused ReLU or add), or null when it ran on its own.</summary>
    public string? FusedInto { get; init; }

    /// <summary>In a network program: the layer's output went to the next layer on chip, not through device memory.</summary>
    public bool OutputOnChip { get; init; }

    /// <summary>On a multi-core chip: each core's compute cycles in the layer; null for one core.</summary>
    public CoreCycles? Cores { get; init; }

    /// <summary>Device-memory bytes moved per second of the layer's run, in GB/s.</summary>
    public double DramGBps => Cycles == 0 ? 0 : (DramBytesRead + DramBytesWritten) * ClockMhz / 1e3 / Cycles;
}
