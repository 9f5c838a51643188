using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Config;

/// <summary>
/// Loads an energy table (configs/energy/*.yaml). Every figure must carry a source: a table whose
/// numbers cannot be traced is refused.
/// </summary>
internal static class EnergyTableLoader
{
    private static readonly string[] TopKeys =
        ["name", "technology_node_nm", "mac", "pe_registers_per_mac", "sram_per_64_bits", "dram", "host_link", "vector_op", "sfu", "leakage_mw"];
    private static readonly string[] MacKeys = ["active", "unchanged", "gated", "source"];
    private static readonly string[] PjKeys = ["pj", "source"];
    private static readonly string[] SfuKeys = ["range_reduction_pj", "source"];
    private static readonly string[] RegisterKeys = ["pj", "bits", "source"];
    private static readonly string[] SramKeys = ["kib", "pj", "source"];
    private static readonly string[] DramKeys = ["pj_per_bit", "activate", "refresh", "source"];
    private static readonly string[] LinkKeys = ["pj_per_bit", "source"];
    private static readonly string[] LeakageKeys = ["pe_array_per_pe", "scratchpad_per_kib", "dram_per_channel"];
    private static readonly string[] MwKeys = ["mw", "source"];

    /// <summary>The tables shipped beside the executable (configs/energy/), found by name from any directory.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "configs", "energy");

    public const string DefaultName = "45nm";

    public static EnergyTable LoadDefault() => Load(Path.Combine(Directory, DefaultName + ".yaml"));

    public static EnergyTable Load(string path)
    {
        var root = MappingReader.Root(path, YamlFile.LoadMapping(path, "energy table with keys " + string.Join(", ", TopKeys)));
        root.RejectUnknownKeys(TopKeys);

        var mac = new Dictionary<string, MacEnergy>();
        var macs = root.Mapping("mac");
        foreach (var format in macs.Keys)
        {
            var m = Sourced(macs.Mapping(format), MacKeys);
            mac[format] = new MacEnergy(Pj(m, "active"), Pj(m, "unchanged"), Pj(m, "gated"));
        }
        // Any layer may run any operand format, so the table prices them all: a gap would only show mid-run.
        var missing = PeDatapath.OperandFormats.Select(f => f.Name()).Where(f => !mac.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw root.ErrorAt(root.Required("mac"), $"mac: no figure for {string.Join(", ", missing)} (every operand format needs one)");

        var sram = new List<SramEnergyPoint>();
        var points = root.MappingList("sram_per_64_bits");
        for (int i = 0; i < points.Count; i++)
        {
            var p = Sourced(points[i], SramKeys);
            var point = new SramEnergyPoint(p.Number("kib", 0, 1 << 30, minExclusive: true), Pj(p, "pj"));
            if (sram.Count > 0 && point.Kib <= sram[^1].Kib)
                throw p.ErrorAt(p.Required("kib"), $"{p.PathOf("kib")}: capacities must increase down the list");
            sram.Add(point);
        }
        if (sram.Count == 0) throw root.ErrorAt(root.Required("sram_per_64_bits"), "sram_per_64_bits: expected at least one point");

        var dram = new Dictionary<string, DramEnergy>();
        var drams = root.Mapping("dram");
        foreach (var technology in drams.Keys)
        {
            var d = Sourced(drams.Mapping(technology), DramKeys);
            dram[technology] = new DramEnergy(Pj(d, "pj_per_bit"), Pj(d, "activate"), Pj(d, "refresh"));
        }

        var registers = Sourced(root.Mapping("pe_registers_per_mac"), RegisterKeys);
        var leak = root.Mapping("leakage_mw");
        leak.RejectUnknownKeys(LeakageKeys);
        return new EnergyTable(
            Name: root.Text("name"),
            TechnologyNodeNm: root.Int("technology_node_nm", 1, 1000),
            Mac: mac,
            PeRegistersPerMacPj: Pj(registers, "pj"),
            PeRegisterBits: registers.Int("bits", 1, 1024),
            Sram: sram,
            Dram: dram,
            HostLinkPjPerBit: Pj(Sourced(root.Mapping("host_link"), LinkKeys), "pj_per_bit"),
            VectorOpPj: Pj(Sourced(root.Mapping("vector_op"), PjKeys), "pj"),
            LeakagePerPeMw: Mw(leak.Mapping("pe_array_per_pe")),
            LeakagePerScratchpadKibMw: Mw(leak.Mapping("scratchpad_per_kib")),
            LeakagePerDramChannelMw: Mw(leak.Mapping("dram_per_channel")))
        {
            Sfu = root.Has("sfu") ? new SfuEnergyFigures(Pj(Sourced(root.Mapping("sfu"), SfuKeys), "range_reduction_pj")) : null,
        };
    }

    private static MappingReader Sourced(MappingReader entry, string[] keys) => SourcedEntry.Check(entry, keys);

    private static double Pj(MappingReader entry, string key) => entry.Number(key, 0, 1e12, minExclusive: false);

    private static double Mw(MappingReader entry) => Pj(Sourced(entry, MwKeys), "mw");
}
