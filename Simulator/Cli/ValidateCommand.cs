using Sim.Numerics;
using System.CommandLine;
using System.Globalization;
using Sim.Config;
using Sim.Memory.Dram;
using Sim.Scenarios;
using Sim.Scenarios.ScaleSim;

namespace Sim.Cli;

/// <summary>
/// <c>sim validate FILE</c>: loads a hardware configuration, a scenario (it has <c>layers:</c> or <c>model:</c>),
/// a sweep (<c>axes:</c>), a regression suite (<c>cases:</c>), a DRAM part (<c>timing:</c> or <c>organization:</c>), an
/// energy table (<c>mac:</c> or <c>sram_per_64_bits:</c>), an area table (<c>multiplier_um2:</c> or <c>adder_um2:</c>) or a
/// SCALE-Sim topology (<c>.csv</c>) and reports it as ok, or prints the one error line.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var fileArg = new Argument<string>("file") { Description = "Hardware, scenario, sweep, regression suite, DRAM, energy or area YAML, or a SCALE-Sim topology (.csv), to check" };
        var command = new Command("validate", "Check a hardware or scenario file without running it") { fileArg };
        command.SetAction(parse => Run(parse.GetValue(fileArg)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Returns 0 when the file is valid, 2 (after printing the error to stderr) when not.</summary>
    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                stdout.WriteLine($"{path}: ok (SCALE-Sim topology: {Plural.Of(TopologyReader.Read(path).Count, "layer")})");
                return 0;
            }
            var root = YamlFile.LoadMapping(path, "hardware configuration, scenario, sweep, regression suite, DRAM part, energy or area table");
            bool Has(string key) => root.Children.ContainsKey(key);
            // Each kind by a key only it has, so a file missing or misspelling another key is still judged as what it is.
            string described = Has("layers") || Has("model") ? Describe(ScenarioLoader.FromMapping(path, root))
                : Has("axes") ? DescribeSweep(path)
                : Has("cases") ? DescribeSuite(path)
                : Has("timing") || Has("organization") ? Describe(DramConfigLoader.Load(path))
                : Has("mac") || Has("sram_per_64_bits") ? DescribeEnergy(EnergyTableLoader.Load(path))
                : Has("multiplier_um2") || Has("adder_um2") ? DescribeArea(AreaTableLoader.Load(path))
                : Describe(HardwareLoader.FromMapping(path, root));
            stdout.WriteLine($"{path}: ok ({described})");
            return 0;
        }
        catch (InputError e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
    }

    private static string DescribeEnergy(EnergyTable table) =>
        $"energy table {table.Name} at {table.TechnologyNodeNm} nm: {Plural.Of(table.Mac.Count, "operand format")}, DRAM figures for {string.Join(", ", table.Dram.Keys.Order(StringComparer.Ordinal))}";

    private static string DescribeArea(AreaTable table) =>
        $"area table {table.Name} at {table.TechnologyNodeNm} nm: {Plural.Of(table.MultiplierUm2.Count, "multiplier format")}";

    /// <summary>"sweep resnet50-mapper: 16 points, 16 distinct", every point's hardware and scenario loaded as a run loads them.</summary>
    private static string DescribeSweep(string path)
    {
        var spec = Sweep.SweepLoader.Load(path);
        var points = new Sweep.PointResolver(spec).ResolveAll(Sweep.PointGenerator.Generate(spec));
        return $"sweep {spec.Name}: {Plural.Of(points.Count, "point")}, {Sweep.Shard.Distinct(points).Count} distinct";
    }

    /// <summary>"regression suite regress: 5 cases", every case's scenario and baseline loaded as <c>sim regress</c> loads them.</summary>
    private static string DescribeSuite(string path)
    {
        var suite = Regress.RegressSuiteLoader.Load(path);
        foreach (var c in suite.Cases)
        {
            ScenarioLoader.Load(c.ScenarioPath, c.HardwarePath);
            Regress.Baseline.Read(c.BaselinePath);
        }
        return $"regression suite {suite.Name}: {Plural.Of(suite.Cases.Count, "case")}";
    }

    /// <summary>"hardware ws-32x32-int8: 32 x 32 weight_stationary int8 at 1000 MHz, scratchpads 256/256/128 KiB, ..."</summary>
    public static string Describe(HardwareConfig hw)
    {
        var inv = CultureInfo.InvariantCulture;
        var pads = hw.Scratchpads;
        string format = hw.Accumulator == hw.NumberFormat.Info().Accumulator
            ? hw.NumberFormat.Name()
            : $"{hw.NumberFormat.Name()} (accumulator {hw.Accumulator.Name()})";
        string dataflow = hw.PeArray.Dataflow.Name;
        return string.Create(inv,
            $"hardware {hw.Name}: {hw.PeArray.Rows} x {hw.PeArray.Cols} {dataflow} {format} at {hw.PeArray.ClockMhz} MHz, " +
            $"scratchpads in/weight/out {Size(pads.Input.CapacityBytes)}/{Size(pads.Weight.CapacityBytes)}/{Size(pads.Output.CapacityBytes)}, " +
            $"memory {hw.Memory.Describe()}, vector unit {Plural.Of(hw.VectorUnit.Lanes, "lane")}{Sparsity(hw.Sparsity)}");
    }

    /// <summary>", sparsity: zero gating, zero-vector skipping, 2:4 weights, bitmap compression" (nothing when all off).</summary>
    private static string Sparsity(SparsityConfig s)
    {
        var on = new List<string>();
        if (s.ZeroGating) on.Add("zero gating");
        if (s.ZeroSkipping == ZeroSkipping.Vector) on.Add("zero-vector skipping");
        if (s.Structured24) on.Add("2:4 weights");
        if (s.Compression == Compression.Bitmap) on.Add("bitmap compression");
        return on.Count == 0 ? "" : ", sparsity: " + string.Join(", ", on);
    }

    /// <summary>"DRAM ddr4-2400 (ddr4): 1 channel x 2 ranks at 1200 MHz, 19.2 GB/s peak"</summary>
    public static string Describe(DramConfig d) => string.Create(CultureInfo.InvariantCulture,
        $"DRAM {d.Name} ({d.Standard.Name()}): {Plural.Of(d.Channels, "channel")} x {Plural.Of(d.Organization.Ranks, "rank")} " +
        $"at {d.ClockMhz} MHz, {d.PeakGBps:0.#} GB/s peak{(d.Power is null ? "" : ", power from datasheet currents")}");

    /// <summary>"scenario resnet50-layers: 13 layers on hardware ws-32x32-int8"</summary>
    public static string Describe(ScenarioConfig s) =>
        $"scenario {s.Name}: {s.Describe} on hardware {s.Hardware.Name}";

    private static string Size(long bytes) => bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} B";
}
