using System.Globalization;
using Sim.Dma;
using Sim.Memory.Dram;
using Sim.HostLink;
using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Config;

/// <summary>The PE array: its size, how operands move through it (<see cref="Sim.PeArray.Dataflow"/>), its clock.</summary>
internal sealed record PeArrayConfig(int Rows, int Cols, IDataflow Dataflow, double ClockMhz)
{
    /// <summary>Where convolution window vectors are formed: on chip from raw input rows (default), or read pre-lowered from memory.</summary>
    public Im2ColSource Im2Col { get; init; } = Im2ColSource.OnChip;

    /// <summary>
    /// Weight registers per PE (<c>weight_buffers</c>): 1, or 2 so that the next tile's weights shift in while the
    /// current tile streams and tiles stream back to back (<see cref="Sim.PeArray.WeightPipeline"/>).
    /// </summary>
    public int WeightBuffers { get; init; } = 1;

    /// <summary>int4 packing (<c>int4_packing</c>): each PE multiplies two int4 pairs a cycle (<see cref="PeArrayFeatures.Int4Pairs"/>).</summary>
    public bool Int4Packing { get; init; }

    /// <summary>How depthwise layers run (<c>depthwise</c>): one GEMM per channel, or channels side by side in the columns.</summary>
    public DepthwiseMode Depthwise { get; init; } = DepthwiseMode.PerChannel;
}

/// <summary>
/// How a depthwise layer meets the array. PerChannel: one kh x kw-row GEMM per channel, one column used.
/// ChannelParallel: each column takes one channel's window vector from the line buffer's window bus, so a
/// tile runs as many channels as there are columns (<see cref="Sim.Mapping.DepthwisePacking"/>).
/// </summary>
internal enum DepthwiseMode { PerChannel, ChannelParallel }

/// <summary>One on-chip buffer. Capacity in bytes; width is the bytes one bank moves per cycle per port.</summary>
internal sealed record ScratchpadConfig(long CapacityBytes, int Banks, int WidthBytes, int Ports);

/// <summary>The three buffers of a weight-stationary array: activations in, weights, partial sums/outputs.</summary>
internal sealed record ScratchpadsConfig(ScratchpadConfig Input, ScratchpadConfig Weight, ScratchpadConfig Output);

/// <summary>Device memory: a simple latency-and-bandwidth pipe, or a cycle-accurate DRAM system.</summary>
internal abstract record MemoryConfig
{
    /// <summary>One line for messages and reports.</summary>
    public abstract string Describe();

    /// <summary>The most bytes per second it can move, in GB/s.</summary>
    public abstract double PeakGBps { get; }

    /// <summary>Its technology as energy and area tables name it ("ddr4", "hbm2", ..., or "simple"), and its channels.</summary>
    public abstract (string Technology, int Channels) Interface { get; }
}

/// <summary>Every transfer costs a fixed latency plus its bytes over a fixed bandwidth: for quick what-ifs.</summary>
internal sealed record SimpleMemoryConfig(double LatencyNs, double BandwidthGBps) : MemoryConfig
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{LatencyNs} ns + {BandwidthGBps} GB/s");

    public override double PeakGBps => BandwidthGBps;

    public override (string Technology, int Channels) Interface => ("simple", 1);
}

/// <summary>DRAM with channels, banks, rows, refresh and JEDEC timings (see configs/dram/).</summary>
internal sealed record DramMemoryConfig(DramConfig Dram) : MemoryConfig
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Dram.Name} x {Plural.Of(Dram.Channels, "channel")} ({Dram.PeakGBps:0.#} GB/s peak)");

    public override double PeakGBps => Dram.PeakGBps;

    public override (string Technology, int Channels) Interface => (Dram.Standard.Name(), Dram.Channels);
}

/// <summary>The unit that runs element-wise and pooling layers: lanes elements per core cycle.</summary>
internal sealed record VectorUnitConfig(int Lanes);

/// <summary>
/// A whole accelerator. <see cref="NumberFormat"/> is the operand format of the PE array (YAML
/// <c>number_format</c>, one of <see cref="Sim.PeArray.PeDatapath.OperandFormats"/>); <see cref="Accumulator"/>
/// its partial-sum format (YAML <c>accumulator</c>, default int32 for integer operands, fp32 for float ones).
/// A scenario layer may override both (<see cref="LayerFormat"/>).
/// </summary>
internal sealed record HardwareConfig(
    string Name,
    string SourcePath,
    PeArrayConfig PeArray,
    ElementFormat NumberFormat,
    ScratchpadsConfig Scratchpads,
    MemoryConfig Memory,
    VectorUnitConfig VectorUnit,
    HostLinkConfig HostLink,
    DmaConfig Dma,
    EnergyTable Energy)
{
    /// <summary>The accumulator format; defaults to the operand format's natural one (int32 or fp32).</summary>
    public ElementFormat Accumulator { get; init; } = NumberFormat.Info().Accumulator;

    /// <summary>
    /// The order the array adds a dot product's terms in (see <see cref="AccumulationOrder"/>): sums of one K
    /// tile (<see cref="IDataflow.AccumulationChunk"/>: a weight-stationary array's rows, or twice the rows when
    /// 2:4 structured weights are compressed into them), then across K chunks in order.
    /// </summary>
    public AccumulationOrder AccumulationOrder(LayerFormat format, bool structured24 = false) =>
        new(PeArray.Dataflow.AccumulationChunk(this, format, structured24));

    /// <summary>The sparsity features (<c>sparsity:</c>); all off unless configured.</summary>
    public SparsityConfig Sparsity { get; init; } = SparsityConfig.None;

    /// <summary>The area table (<c>area:</c>; configs/area/45nm.yaml unless configured).</summary>
    public AreaTable Area { get; init; } = AreaTableLoader.Default;

    /// <summary>The technology node the area is reported at (<c>technology_nm</c>); the area table's own unless configured.</summary>
    public int TechnologyNm { get; init; } = AreaTableLoader.Default.TechnologyNodeNm;

    /// <summary>The special-function unit (<c>sfu:</c>), or null for hardware without one.</summary>
    public SfuConfig? Sfu { get; init; }

    /// <summary>
    /// Cores (<c>cores</c>, default 1): each its own PE array, scratchpads and vector unit as described here, with its own
    /// controller and DMA engine; they share device memory through the network-on-chip (<see cref="Noc"/>). One core has
    /// no network: its DMA engine talks to memory directly, as Sim's single-array model always has.
    /// </summary>
    public int Cores { get; init; } = 1;

    /// <summary>The network between the cores and device memory (<c>noc:</c>); unused with one core.</summary>
    public Sim.Noc.NocConfig Noc { get; init; } = Sim.Noc.NocConfig.Default;

    /// <summary>How PE-array layers are mapped (<c>mapper:</c>).</summary>
    public MapperConfig Mapper { get; init; } = MapperConfig.Default;

    /// <summary>True when a layer in <paramref name="format"/> runs int4 pairs: int4 operands on an array with <c>int4_packing</c>.</summary>
    public bool PairsInt4(LayerFormat format) => PeArray.Int4Packing && format.Operands == ElementFormat.Int4;

    /// <summary>The hardware's own formats, for layers that do not override them.</summary>
    public LayerFormat DefaultFormat => new(NumberFormat, Accumulator, NumberFormat);
}
