using System.Globalization;
using Sim.Dma;
using Sim.Energy;
using Sim.Memory.Dram;
using Sim.HostLink;

namespace Sim.Config;

/// <summary>How operands move through the PE array. Only weight-stationary is built so far.</summary>
public enum Dataflow { WeightStationary }

/// <summary>Operand formats. Accumulation is int32 for every integer format.</summary>
public enum NumberFormat { Int8, Uint8 }

public sealed record PeArrayConfig(int Rows, int Cols, Dataflow Dataflow, double ClockMhz);

/// <summary>One on-chip buffer. Capacity in bytes; width is the bytes one bank moves per cycle per port.</summary>
public sealed record ScratchpadConfig(long CapacityBytes, int Banks, int WidthBytes, int Ports);

/// <summary>The three buffers of a weight-stationary array: activations in, weights, partial sums/outputs.</summary>
public sealed record ScratchpadsConfig(ScratchpadConfig Input, ScratchpadConfig Weight, ScratchpadConfig Output);

/// <summary>Device memory: a simple latency-and-bandwidth pipe, or a cycle-accurate DRAM system.</summary>
public abstract record MemoryConfig
{
    /// <summary>One line for messages and reports.</summary>
    public abstract string Describe();
}

/// <summary>Every transfer costs a fixed latency plus its bytes over a fixed bandwidth: for quick what-ifs.</summary>
public sealed record SimpleMemoryConfig(double LatencyNs, double BandwidthGBps) : MemoryConfig
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{LatencyNs} ns + {BandwidthGBps} GB/s");
}

/// <summary>DRAM with channels, banks, rows, refresh and JEDEC timings (see configs/dram/).</summary>
public sealed record DramMemoryConfig(DramConfig Dram) : MemoryConfig
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Dram.Name} x {Dram.Channels} channel{(Dram.Channels == 1 ? "" : "s")} ({Dram.PeakGBps:0.#} GB/s peak)");
}

/// <summary>The unit that runs element-wise and pooling layers: lanes elements per core cycle.</summary>
public sealed record VectorUnitConfig(int Lanes);

public sealed record HardwareConfig(
    string Name,
    string SourcePath,
    PeArrayConfig PeArray,
    NumberFormat NumberFormat,
    ScratchpadsConfig Scratchpads,
    MemoryConfig Memory,
    VectorUnitConfig VectorUnit,
    HostLinkConfig HostLink,
    DmaConfig Dma,
    EnergyTable Energy);
