using Sim.Dma;
using Sim.HostLink;
using Sim.Memory.Dram;
using Sim.Noc;
using Sim.Numerics;
using Sim.PeArray;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Loads a hardware configuration YAML file (see configs/*.yaml) into a <see cref="HardwareConfig"/>.
/// Every key is required except that a scratchpad gives its size as exactly one of capacity_kib or
/// capacity_bytes. Values are range-checked against <see cref="ConfigBounds"/>, and the scratchpads
/// must be large enough for <see cref="ScratchpadRequirements"/>. The host_link section is
/// optional, and so is each of its keys: what is left out takes <see cref="HostLinkConfig.Default"/>;
/// likewise dma and <see cref="DmaConfig.Default"/>, and energy (a table of configs/energy/ by name,
/// or a YAML file relative to the hardware file; the 45 nm table by default).
/// </summary>
internal static class HardwareLoader
{
    private static readonly string[] TopKeys = ["name", "pe_array", "number_format", "accumulator", "sparsity", "scratchpads", "memory", "vector_unit", "sfu", "host_link", "dma", "energy", "mapper", "area", "technology_nm", "cores", "noc"];
    private static readonly string[] NocKeys = ["topology", "link_bytes_per_cycle", "hop_cycles", "router_pj_per_byte", "credits"];
    private static readonly string[] PeArrayKeys = ["rows", "cols", "dataflow", "clock_mhz", "im2col", "weight_buffers", "depthwise", "int4_packing"];
    private static readonly (string, DepthwiseMode)[] DepthwiseModes = [("per_channel", DepthwiseMode.PerChannel), ("channel_parallel", DepthwiseMode.ChannelParallel)];
    private static readonly string[] MapperKeys = ["mode", "objective"];
    private static readonly string[] ScratchpadsKeys = ["input", "weight", "output"];
    private static readonly string[] ScratchpadKeys = ["capacity_kib", "capacity_bytes", "banks", "width_bytes", "ports"];
    private static readonly string[] SimpleMemoryKeys = ["latency_ns", "bandwidth_gbps"];
    private static readonly string[] DramMemoryKeys = ["dram", "channels"];
    private static readonly string[] VectorUnitKeys = ["lanes"];
    private static readonly string[] HostLinkKeys =
        ["pcie_generation", "lanes", "max_payload_bytes", "tlp_overhead_bytes", "dllp_bytes_per_tlp", "latency_ns", "driver_overhead_ns"];
    private static readonly int[] PcieLaneCounts = [1, 2, 4, 8, 16];
    private static readonly string[] SparsityKeys = ["zero_gating", "zero_skipping", "structured_2_4", "compression"];
    internal static readonly (string, bool)[] Flags = [("true", true), ("false", false)];
    private static readonly (string, ZeroSkipping)[] Skipping = [("none", ZeroSkipping.None), ("vector", ZeroSkipping.Vector)];
    private static readonly (string, Compression)[] Compressions = [("none", Compression.None), ("bitmap", Compression.Bitmap)];
    private static readonly string[] DmaKeys = ["burst_bytes", "max_outstanding"];

    /// <summary>The operand formats <c>number_format</c> accepts (and a layer's <c>format.operands</c>).</summary>
    public static readonly IReadOnlyList<(string Name, ElementFormat Value)> NumberFormats =
        PeDatapath.OperandFormats.Select(f => (f.Name(), f)).ToArray();

    /// <summary>The accumulator formats <c>accumulator</c> accepts for <paramref name="operands"/>.</summary>
    public static IReadOnlyList<(string Name, ElementFormat Value)> Accumulators(ElementFormat operands) =>
        PeDatapath.AccumulatorsFor(operands).Select(f => (f.Name(), f)).ToArray();

    /// <summary>Loads and validates <paramref name="path"/>; throws <see cref="InputError"/> on any problem.</summary>
    public static HardwareConfig Load(string path)
    {
        var root = YamlFile.LoadMapping(path, "hardware configuration with keys " + string.Join(", ", TopKeys));
        return FromMapping(path, root);
    }

    /// <summary>Builds the configuration from an already-parsed top-level mapping of <paramref name="path"/>.</summary>
    public static HardwareConfig FromMapping(string path, YamlMappingNode rootNode)
    {
        var root = MappingReader.Root(path, rootNode);
        root.RejectUnknownKeys(TopKeys);

        string name = root.Text("name");

        var pe = root.Mapping("pe_array");
        pe.RejectUnknownKeys(PeArrayKeys);
        var peArray = new PeArrayConfig(
            Rows: pe.Int("rows", 1, ConfigBounds.MaxPeDimension),
            Cols: pe.Int("cols", 1, ConfigBounds.MaxPeDimension),
            Dataflow: pe.Choice("dataflow", Dataflow.Names),
            ClockMhz: pe.Number("clock_mhz", ConfigBounds.MinClockMhz, ConfigBounds.MaxClockMhz, minExclusive: false))
        {
            Im2Col = pe.Has("im2col") ? pe.Choice("im2col", MapperConfig.Im2ColSources) : Im2ColSource.OnChip,
            WeightBuffers = pe.Has("weight_buffers") ? WeightBuffers(pe) : 1,
            Depthwise = pe.Has("depthwise") ? pe.Choice("depthwise", DepthwiseModes) : DepthwiseMode.PerChannel,
            Int4Packing = pe.Has("int4_packing") && pe.Choice("int4_packing", Flags),
        };

        var format = root.Choice("number_format", NumberFormats);
        var accumulator = root.Has("accumulator")
            ? AccumulatorChoice(root, "accumulator", format, "number_format")
            : format.Info().Accumulator;

        var minimums = ScratchpadRequirements.Minimum(peArray, format, accumulator);
        var pads = root.Mapping("scratchpads");
        pads.RejectUnknownKeys(ScratchpadsKeys);
        string operand = format.Name();
        var scratchpads = new ScratchpadsConfig(
            Input: Scratchpad(pads.Mapping("input"), minimums.InputBytes,
                $"two activation vectors of {peArray.Rows} {operand} operands for the {peArray.Rows}-row array"),
            Weight: Scratchpad(pads.Mapping("weight"), minimums.WeightBytes,
                $"two {peArray.Rows} x {peArray.Cols} {operand} weight tiles"),
            Output: Scratchpad(pads.Mapping("output"), minimums.OutputBytes,
                $"two rows of {peArray.Cols} {accumulator.Name()} partial sums"));

        var memory = Memory(path, root.Mapping("memory"));

        var vec = root.Mapping("vector_unit");
        vec.RejectUnknownKeys(VectorUnitKeys);
        var vectorUnit = new VectorUnitConfig(vec.Int("lanes", 1, ConfigBounds.MaxVectorLanes));

        var sfu = root.Has("sfu") ? SfuConfigReader.Read(root.Mapping("sfu")) : null;

        var hostLink = root.Has("host_link") ? HostLink(root.Mapping("host_link")) : HostLinkConfig.Default;

        var dma = root.Has("dma") ? Dma(root.Mapping("dma")) : DmaConfig.Default;

        var sparsity = root.Has("sparsity") ? Sparsity(root.Mapping("sparsity"), peArray) : SparsityConfig.None;
        if (peArray.Dataflow.Refuses(peArray, sparsity) is { } refused)
            throw pe.ErrorAt(pe.Required("dataflow"), $"{pe.PathOf("dataflow")}: {refused}");

        var mapper = root.Has("mapper") ? Mapper(root.Mapping("mapper")) : MapperConfig.Default;
        var area = root.Has("area") ? Area(path, root) : AreaTableLoader.Default;
        int technologyNm = root.Has("technology_nm") ? root.Int("technology_nm", 1, 1000) : area.TechnologyNodeNm;

        int cores = root.OptionalInt("cores", 1, ConfigBounds.MaxCores, 1);
        var noc = root.Has("noc") ? Noc(root.Mapping("noc")) : NocConfig.Default;

        var energy = root.Has("energy") ? Energy(path, root) : EnergyTableLoader.LoadDefault();
        if (memory is SimpleMemoryConfig && !energy.Dram.ContainsKey("simple"))
            throw root.ErrorAt(root.Has("energy") ? root.Required("energy") : root.Required("memory"),
                $"energy: table '{energy.Name}' has no DRAM figures for the simple memory model (a dram: entry 'simple'); it has: {string.Join(", ", energy.Dram.Keys.Order())}");
        if (memory is DramMemoryConfig { Dram: var dram } && !energy.Dram.ContainsKey(dram.Standard.Name()))
            throw root.ErrorAt(root.Has("energy") ? root.Required("energy") : root.Required("memory"),
                $"energy: table '{energy.Name}' has no DRAM figures for {dram.Standard.Name()} (the standard of DRAM '{dram.Name}'); " +
                $"it has: {string.Join(", ", energy.Dram.Keys.Order())}");
        if (sfu is not null && energy.Sfu is null)
            throw root.ErrorAt(root.Has("energy") ? root.Required("energy") : root.Required("sfu"),
                $"energy: table '{energy.Name}' has no sfu: entry, so the special-function unit's lookups cannot be priced");
        if (sfu is not null && SfuAreaGap(sfu, area) is { } gap)
            throw root.ErrorAt(root.Has("area") ? root.Required("area") : root.Required("sfu"),
                $"area: table '{area.Name}' has no {gap}, so the special-function unit's area cannot be counted");

        return new HardwareConfig(name, path, peArray, format, scratchpads, memory, vectorUnit, hostLink, dma, energy)
        {
            Accumulator = accumulator,
            Sparsity = sparsity,
            Sfu = sfu,
            Mapper = mapper,
            Area = area,
            TechnologyNm = technologyNm,
            Cores = cores,
            Noc = noc,
        };
    }

    /// <summary>noc: every key optional, defaults from <see cref="NocConfig.Default"/>; accepted, and unused, with one core.</summary>
    private static NocConfig Noc(MappingReader noc)
    {
        noc.RejectUnknownKeys(NocKeys);
        var d = NocConfig.Default;
        return new NocConfig(
            Topology: noc.Has("topology") ? noc.Choice("topology", NocConfig.Topologies) : d.Topology,
            LinkBytesPerCycle: noc.OptionalInt("link_bytes_per_cycle", 1, 4096, d.LinkBytesPerCycle),
            HopCycles: noc.OptionalInt("hop_cycles", 0, 1000, d.HopCycles),
            RouterPjPerByte: noc.OptionalNumber("router_pj_per_byte", 0, 1000, minExclusive: false, d.RouterPjPerByte),
            Credits: noc.OptionalInt("credits", 1, 1024, d.Credits));
    }

    private static int WeightBuffers(MappingReader pe)
    {
        int buffers = pe.Int("weight_buffers", 1, ConfigBounds.MaxPeDimension);
        if (buffers > 2)
            throw pe.ErrorAt(pe.Required("weight_buffers"),
                $"{pe.PathOf("weight_buffers")}: expected 1 or 2 weight registers per PE, got {buffers}");
        return buffers;
    }

    private static MapperConfig Mapper(MappingReader m)
    {
        m.RejectUnknownKeys(MapperKeys);
        return new MapperConfig(
            Mode: m.Has("mode") ? m.Choice("mode", MapperConfig.Modes) : MapperConfig.Default.Mode,
            Objective: m.Has("objective") ? m.Choice("objective", MapperConfig.Objectives) : MapperConfig.Default.Objective);
    }

    private static SparsityConfig Sparsity(MappingReader s, PeArrayConfig peArray)
    {
        s.RejectUnknownKeys(SparsityKeys);
        bool structured = s.Has("structured_2_4") && s.Choice("structured_2_4", Flags);
        if (structured && peArray.Rows % 2 != 0)
            throw s.ErrorAt(s.Required("structured_2_4"),
                $"{s.PathOf("structured_2_4")}: 2:4 weights pair up PE rows (two per group of four K rows), so the array needs an even number of rows, not {peArray.Rows}");
        return new SparsityConfig(
            ZeroGating: s.Has("zero_gating") && s.Choice("zero_gating", Flags),
            ZeroSkipping: s.Has("zero_skipping") ? s.Choice("zero_skipping", Skipping) : ZeroSkipping.None,
            Structured24: structured,
            Compression: s.Has("compression") ? s.Choice("compression", Compressions) : Compression.None);
    }

    /// <summary>
    /// An accumulator key: any accumulator name, which must suit the operands (int32/int16 for integer
    /// operands, fp32/fp16/bf16 for float ones); the error names the operand key it clashes with.
    /// </summary>
    public static ElementFormat AccumulatorChoice(MappingReader map, string key, ElementFormat operands, string operandsKey)
    {
        var all = PeDatapath.OperandFormats.SelectMany(PeDatapath.AccumulatorsFor).Distinct().Select(f => (f.Name(), f)).ToArray();
        var accumulator = map.Choice(key, all);
        if (!PeDatapath.AccumulatorsFor(operands).Contains(accumulator))
            throw map.ErrorAt(map.Required(key),
                $"{map.PathOf(key)}: {accumulator.Name()} cannot accumulate {operands.Name()} operands ({operandsKey}); " +
                $"expected one of: {string.Join(", ", PeDatapath.AccumulatorsFor(operands).Select(f => f.Name()))}");
        return accumulator;
    }

    /// <summary>
    /// memory: either { latency_ns, bandwidth_gbps } for the simple model, or { dram, channels } where
    /// dram names a preset of configs/dram/ or a DRAM YAML file relative to the hardware file.
    /// </summary>
    private static MemoryConfig Memory(string hardwarePath, MappingReader mem)
    {
        if (!mem.Has("dram"))
        {
            mem.RejectUnknownKeys(SimpleMemoryKeys);
            return new SimpleMemoryConfig(
                LatencyNs: mem.Number("latency_ns", 0, ConfigBounds.MaxLatencyNs, minExclusive: false),
                BandwidthGBps: mem.Number("bandwidth_gbps", ConfigBounds.MinBandwidthGBps, ConfigBounds.MaxBandwidthGBps, minExclusive: false));
        }
        mem.RejectUnknownKeys(DramMemoryKeys);
        var node = mem.Required("dram");
        string name = mem.PathText("dram");
        bool isFile = name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.Contains('/');
        DramConfig dram;
        if (isFile)
        {
            string file = Path.Combine(Path.GetDirectoryName(hardwarePath) ?? ".", name);
            mem.RequireFile("dram", name, Path.GetFullPath(file), "a DRAM configuration file");
            dram = DramConfigLoader.Load(file);
        }
        else if (DramPresets.Names.Contains(name)) dram = DramPresets.Load(name);
        else
        {
            throw mem.ErrorAt(node,
                $"{mem.PathOf("dram")}: unknown DRAM preset '{Excerpt.Of(name)}' (expected one of: {string.Join(", ", DramPresets.Names)}, or a .yaml file)" +
                NearestName.Suggestion(name, DramPresets.Names));
        }
        if (mem.Has("channels")) dram = dram with { Channels = mem.Int("channels", 1, 1024) };
        return new DramMemoryConfig(dram);
    }

    /// <summary>What the area table lacks for <paramref name="sfu"/>: its sfu: entry, or a linear interpolator's multiplier or adder; null when nothing.</summary>
    private static string? SfuAreaGap(SfuConfig sfu, AreaTable area)
    {
        if (area.SfuRangeReductionUm2 is null) return "sfu: entry (range_reduction_um2)";
        if (sfu.Interpolation != SfuInterpolation.Linear) return null;
        string format = sfu.TableFormat.Name();
        if (!area.MultiplierUm2.ContainsKey(format)) return $"multiplier_um2 figure for {format} (the table format, which linear interpolation multiplies in)";
        return area.AdderUm2.ContainsKey(format) ? null : $"adder_um2 figure for {format} (the table format, which linear interpolation adds in)";
    }

    private static EnergyTable Energy(string hardwarePath, MappingReader root) =>
        EnergyTableLoader.Load(TableFile(hardwarePath, root, "energy", EnergyTableLoader.Directory, "energy table"));

    private static AreaTable Area(string hardwarePath, MappingReader root) =>
        AreaTableLoader.Load(TableFile(hardwarePath, root, "area", AreaTableLoader.Directory, "area table"));

    /// <summary>A table key's file: a table of <paramref name="directory"/> by name, or a YAML file relative to the hardware file.</summary>
    private static string TableFile(string hardwarePath, MappingReader root, string key, string directory, string what)
    {
        var node = root.Required(key);
        string name = root.PathText(key);
        bool isPath = name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.Contains('/');
        string file = isPath ? Path.Combine(Path.GetDirectoryName(hardwarePath) ?? ".", name) : Path.Combine(directory, name + ".yaml");
        if (isPath)
            root.RequireFile(key, name, Path.GetFullPath(file), $"an {what} file");
        else if (!File.Exists(file))
            throw root.ErrorAt(node, $"{key}: no {what} '{name}' (looked for '{Path.GetFullPath(file)}')");
        return file;
    }

    private static DmaConfig Dma(MappingReader dma)
    {
        dma.RejectUnknownKeys(DmaKeys);
        return new DmaConfig(
            BurstBytes: dma.OptionalInt("burst_bytes", 1, 1 << 20, DmaConfig.Default.BurstBytes),
            MaxOutstanding: dma.OptionalInt("max_outstanding", 1, 1 << 16, DmaConfig.Default.MaxOutstanding));
    }

    private static HostLinkConfig HostLink(MappingReader link)
    {
        link.RejectUnknownKeys(HostLinkKeys);
        var d = HostLinkConfig.Default;
        int lanes = link.OptionalInt("lanes", 1, 16, d.Lanes);
        if (!PcieLaneCounts.Contains(lanes))
            throw link.ErrorAt(link.Required("lanes"), $"{link.PathOf("lanes")}: expected one of 1, 2, 4, 8, 16 PCIe lanes, got {lanes}");
        int payload = link.OptionalInt("max_payload_bytes", 128, 4096, d.MaxPayloadBytes);
        if ((payload & (payload - 1)) != 0)
            throw link.ErrorAt(link.Required("max_payload_bytes"),
                $"{link.PathOf("max_payload_bytes")}: expected a PCIe maximum payload size (128, 256, 512, 1024, 2048 or 4096), got {payload}");
        return new HostLinkConfig(
            Generation: link.OptionalInt("pcie_generation", 1, 5, d.Generation),
            Lanes: lanes,
            MaxPayloadBytes: payload,
            TlpOverheadBytes: link.OptionalInt("tlp_overhead_bytes", 0, 64, d.TlpOverheadBytes),
            DllpBytesPerTlp: link.OptionalInt("dllp_bytes_per_tlp", 0, 64, d.DllpBytesPerTlp),
            LatencyNs: link.OptionalNumber("latency_ns", 0, ConfigBounds.MaxLatencyNs, minExclusive: false, d.LatencyNs),
            DriverOverheadNs: link.OptionalNumber("driver_overhead_ns", 0, ConfigBounds.MaxLatencyNs, minExclusive: false, d.DriverOverheadNs));
    }

    private static ScratchpadConfig Scratchpad(MappingReader pad, long minimumBytes, string needs)
    {
        pad.RejectUnknownKeys(ScratchpadKeys);
        bool kib = pad.Has("capacity_kib"), bytes = pad.Has("capacity_bytes");
        if (kib && bytes)
            throw pad.ErrorAt(pad.KeyNode("capacity_bytes"),
                $"{pad.Path}: give capacity_kib or capacity_bytes, not both");
        if (!kib && !bytes)
            throw pad.MissingError("'capacity_kib' (or 'capacity_bytes')");
        string key = kib ? "capacity_kib" : "capacity_bytes";
        long capacity = kib
            ? pad.Integer(key, 1, ConfigBounds.MaxScratchpadKib) * 1024
            : pad.Integer(key, 1, ConfigBounds.MaxScratchpadBytes);
        var config = new ScratchpadConfig(
            CapacityBytes: capacity,
            Banks: pad.Int("banks", 1, ConfigBounds.MaxBanks),
            WidthBytes: pad.Int("width_bytes", 1, ConfigBounds.MaxBankWidthBytes),
            Ports: pad.Int("ports", 1, ConfigBounds.MaxPorts));
        if (capacity < minimumBytes)
            throw pad.ErrorAt(pad.Required(key),
                $"{pad.PathOf(key)}: {(kib ? $"{capacity / 1024} KiB ({capacity} bytes)" : $"{capacity} bytes")} is too small for any tile: the buffer must hold {needs}, " +
                $"at least {minimumBytes} bytes");
        return config;
    }
}
