namespace Sim.Memory.Dram;

/// <summary>The DRAM standards Sim has presets for; an energy table gives each its DRAM figures (or not: hbm3).</summary>
internal enum DramStandard { Ddr4, Ddr5, Lpddr4, Hbm2, Hbm3 }

/// <summary>Each standard's name in YAML (a DRAM file's <c>standard:</c>, an energy table's <c>dram:</c> keys).</summary>
internal static class DramStandards
{
    public static readonly IReadOnlyList<(string Name, DramStandard Value)> All =
        [("ddr4", DramStandard.Ddr4), ("ddr5", DramStandard.Ddr5), ("lpddr4", DramStandard.Lpddr4), ("hbm2", DramStandard.Hbm2), ("hbm3", DramStandard.Hbm3)];

    public static string Name(this DramStandard standard) => All.First(s => s.Value == standard).Name;
}
