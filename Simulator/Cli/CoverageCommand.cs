using System.CommandLine;
using System.Globalization;
using Sim.Config;
using Sim.Cosim;

namespace Sim.Cli;

/// <summary>
/// `sim coverage [--runs N] [--seed S] [--out DIR]`: the constrained-random budget on coverage builds of the
/// verification arrays (<see cref="ConstrainedRandomCosim.Builds"/>), with Verilator's line and toggle coverage and
/// the functional cover points per build; the coverage files go to DIR for <c>verilator_coverage --annotate</c>.
/// Exit 1 if a difference was found or a figure is below its floor (<see cref="CoverageFloor"/>).
/// </summary>
internal static class CoverageCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Constrained-random runs per build", DefaultValueFactory = _ => ConstrainedRandomCosim.CiRuns };
        var seed = new Option<int>("--seed") { Description = "Seed of the stimulus", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for the coverage files", DefaultValueFactory = _ => Path.Combine("reports", "coverage") };
        var command = new Command("coverage", "Line, toggle and functional coverage of the Verilog arrays under the constrained-random budget")
        {
            runs, seed, output,
        };
        command.SetAction(parse => Execute(parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(output)!,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Execute(int runs, int seed, string folder, TextWriter stdout, TextWriter stderr)
    {
        if (runs <= 0) throw new InputError($"--runs: expected a positive number, got {runs}");
        Report.ReportFolder.Check(folder, "--out");
        var shortfalls = new List<string>();
        var progress = new TerminalProgress(stderr, ConstrainedRandomCosim.Builds.Count);
        int done = 0;
        stdout.WriteLine($"{"build",-18} {"runs",6} {"edges",9} {"lines",16} {"toggles",16}  functional");
        foreach (var verification in ConstrainedRandomCosim.Builds)
        {
            var build = verification with { Coverage = true };
            progress.Report(++done, build.Name);
            string file = Path.Combine(folder, build.Name + ".dat");
            var result = ConstrainedRandomCosim.Run(build, seed, runs, file);
            if (result.Mismatch is not null) shortfalls.Add(result.Mismatch);
            var code = CodeCoverage.Read(file);
            string functional = result.Coverage.Count == 0
                ? "(none: output-stationary)"
                : string.Join("; ", result.Coverage.Select(p => $"{p.Name} {p.Hit}/{p.Bins}"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{build.Name,-18} {result.Runs,6} {result.Edges,9} {$"{code.LinesHit}/{code.Lines} {code.LineFraction:P1}",16} " +
                $"{$"{code.TogglesHit}/{code.Toggles} {code.ToggleFraction:P1}",16}  {functional}"));
            shortfalls.AddRange(CoverageFloor.Shortfalls(build, code, result.Coverage));
        }
        progress.Done();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"floors: lines {CoverageFloor.Lines:P0}, toggles {CoverageFloor.Toggles:P0}, functional {CoverageFloor.Functional:P0} of every cover point; coverage files in {folder}"));
        foreach (var shortfall in shortfalls) stderr.WriteLine($"error: {shortfall}");
        return shortfalls.Count == 0 ? 0 : 1;
    }
}
