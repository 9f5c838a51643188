using System.CommandLine;
using System.Globalization;
using System.Text;
using Sim.Config;
using Sim.Cosim;
using Sim.Scenarios;

namespace Sim.Cli;

/// <summary>
/// `sim cosim SCENARIO [--hw CONFIG]`: every tile of the scenario's PE-array layers on the Verilog
/// PE array (Verilated) and on the fast model, outputs and cycles compared tile by tile; and the whole scenario
/// back to back, never reset, the RTL in lockstep with the register-level model (<see cref="ScenarioCosim.Run"/>).
/// </summary>
internal static class CosimCommand
{
    private static readonly string[] Header =
        ["layer", "tiles", "model cycles", "RTL cycles", "back to back", "equal", "model PE-cycles/s", "RTL PE-cycles/s"];

    public static Command Create()
    {
        var scenarioArg = new Argument<string>("scenario") { Description = "Scenario YAML (layers, data, seed, hardware)" };
        var hwOption = new Option<string?>("--hw") { Description = "Hardware YAML to use instead of the scenario's" };
        var command = new Command("cosim", "Run a scenario's conv and gemm layers on the Verilog PE array too, and compare")
        {
            scenarioArg, hwOption,
        };
        command.SetAction(parse => Execute(parse.GetValue(scenarioArg)!, parse.GetValue(hwOption), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(string scenarioPath, string? hwPath, TextWriter stdout, TextWriter stderr)
    {
        var scenario = ScenarioLoader.Load(scenarioPath, hwPath);
        var hw = scenario.Hardware;
        int layers = scenario.Layers.Count(l => l is Conv2DLayer or GemmLayer);
        if (layers == 0)
            throw new InputError($"{scenarioPath}: no conv2d, depthwise, gemm or matmul layer to run on the PE array");

        ScenarioCosim.CheckLayers(scenario);
        var rtl = ScenarioCosim.RtlFor(scenario);
        stdout.WriteLine($"scenario {scenario.Name}: {Plural.Of(layers, "PE-array layer")} on {hw.Name} " +
                         $"({hw.PeArray.Rows}x{hw.PeArray.Cols} PEs), RTL build {rtl.Name}, seed {scenario.Seed}{Sparsity(hw.Sparsity)}");
        if (!RtlBuilder.IsCached(rtl))
            stderr.WriteLine($"compiling the {rtl.Name} RTL with Verilator into {RtlBuilder.CacheRoot} (once per configuration)...");

        var progress = new TerminalProgress(stderr, layers);
        int done = 0;
        // A differing tile is rerun in lockstep, a divergence of the scenario-long run replayed; the waveform goes
        // where `sim run` puts reports.
        string waveforms = Path.Combine("reports", scenario.Name, "cosim");
        var results = ScenarioCosim.Run(scenario, waveforms, onLayerDone: r => progress.Report(++done, r.Layer));
        progress.Done();

        stdout.Write(Format(results));
        foreach (var layer in results.Where(l => !l.Equal))
            stderr.WriteLine($"error: {layer.Mismatch}");
        return results.All(l => l.Equal) ? 0 : 1;
    }

    /// <summary>The sparsity features the RTL runs with, or nothing for dense hardware.</summary>
    private static string Sparsity(SparsityConfig s)
    {
        var on = new List<string>();
        if (s.ZeroGating) on.Add("zero gating");
        if (s.ZeroSkipping == ZeroSkipping.Vector) on.Add("zero-vector skipping");
        if (s.Structured24) on.Add("2:4 weights where the layer's are 2:4 sparse");
        return on.Count == 0 ? "" : "; sparsity: " + string.Join(", ", on);
    }

    private static string Format(List<LayerCosimResult> results)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(results.Select(l => new[]
        {
            l.Layer, Num(l.Tiles), Num(l.FastCycles), Num(l.RtlCycles), Num(l.BackToBackCycles), l.Equal ? "yes" : "NO",
            Rate(l.FastPeCyclesPerSecond), Rate(l.RtlPeCyclesPerSecond),
        }));
        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            text.AppendJoin("  ", rows[r].Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
            text.AppendLine();
            if (r == 0) text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        }
        return text.ToString();
    }

    private static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Millions of PE-cycles per second: the array's cycles times its PEs, over wall-clock time.</summary>
    private static string Rate(double peCyclesPerSecond) =>
        (peCyclesPerSecond / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " M";
}
