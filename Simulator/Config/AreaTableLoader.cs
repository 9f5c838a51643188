using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Config;

/// <summary>
/// Loads an area table (configs/area/*.yaml). As with the energy tables, every figure must carry a source, and
/// every operand and accumulator format a PE can have must have a figure.
/// </summary>
internal static class AreaTableLoader
{
    private static readonly string[] TopKeys =
        ["name", "technology_node_nm", "multiplier_um2", "adder_um2", "register_bit", "sram", "vector_lane", "dram_phy_mm2", "sfu"];
    private static readonly string[] Um2Keys = ["um2", "source"];
    private static readonly string[] Mm2Keys = ["mm2", "source"];
    private static readonly string[] ValueKeys = ["value", "source"];
    private static readonly string[] SfuKeys = ["range_reduction_um2", "source"];
    private static readonly string[] SramKeys = ["bitcell", "array_efficiency", "extra_port", "bank_periphery"];

    /// <summary>The tables shipped beside the executable (configs/area/), found by name from any directory.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "configs", "area");

    public const string DefaultName = "45nm";

    /// <summary>The default table, loaded once.</summary>
    public static AreaTable Default => DefaultTable.Value;

    private static readonly Lazy<AreaTable> DefaultTable = new(() => Load(Path.Combine(Directory, DefaultName + ".yaml")));

    public static AreaTable Load(string path)
    {
        var root = MappingReader.Root(path, YamlFile.LoadMapping(path, "area table with keys " + string.Join(", ", TopKeys)));
        root.RejectUnknownKeys(TopKeys);
        var multipliers = Figures(root, "multiplier_um2", Um2Keys, "um2",
            PeDatapath.OperandFormats.Select(f => f.Name()), "operand format");
        var adders = Figures(root, "adder_um2", Um2Keys, "um2",
            PeDatapath.OperandFormats.SelectMany(PeDatapath.AccumulatorsFor).Distinct().Select(f => f.Name()), "accumulator format");
        var sram = root.Mapping("sram");
        sram.RejectUnknownKeys(SramKeys);
        return new AreaTable(
            Name: root.Text("name"),
            TechnologyNodeNm: root.Int("technology_node_nm", 1, 1000),
            MultiplierUm2: multipliers,
            AdderUm2: adders,
            RegisterBitUm2: Figure(root.Mapping("register_bit"), Um2Keys, "um2"),
            SramBitcellUm2: Figure(sram.Mapping("bitcell"), Um2Keys, "um2"),
            SramArrayEfficiency: Figure(sram.Mapping("array_efficiency"), ValueKeys, "value", fraction: true),
            SramExtraPort: Figure(sram.Mapping("extra_port"), ValueKeys, "value"),
            SramBankPeripheryUm2: Figure(sram.Mapping("bank_periphery"), Um2Keys, "um2"),
            VectorLaneUm2: Figure(root.Mapping("vector_lane"), Um2Keys, "um2"),
            DramPhyMm2: Figures(root, "dram_phy_mm2", Mm2Keys, "mm2", [], ""))
        {
            // Optional, as in the energy tables: only hardware with an SFU needs it (HardwareLoader refuses the rest).
            SfuRangeReductionUm2 = root.Has("sfu") ? Figure(root.Mapping("sfu"), SfuKeys, "range_reduction_um2") : null,
        };
    }

    /// <summary>A mapping of sourced figures by name, which must name every one of <paramref name="required"/>.</summary>
    private static Dictionary<string, double> Figures(MappingReader root, string key, string[] keys, string unit,
        IEnumerable<string> required, string what)
    {
        var entries = root.Mapping(key);
        var figures = entries.Keys.ToDictionary(k => k, k => Figure(entries.Mapping(k), keys, unit));
        var missing = required.Where(r => !figures.ContainsKey(r)).ToList();
        if (missing.Count > 0)
            throw root.ErrorAt(root.Required(key), $"{key}: no figure for {string.Join(", ", missing)} (every {what} needs one)");
        return figures;
    }

    /// <summary>A figure that names its source: from 0 to 1e12, or for a fraction above 0 and at most 1.</summary>
    private static double Figure(MappingReader entry, string[] keys, string unit, bool fraction = false) =>
        SourcedEntry.Check(entry, keys).Number(unit, 0, fraction ? 1 : 1e12, minExclusive: fraction);
}
