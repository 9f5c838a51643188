using System.CommandLine;
using System.Globalization;
using System.Text;
using Sim.Config;
using Sim.Regress;

namespace Sim.Cli;

/// <summary>`sim regress SUITE.yaml [--update]`: each scenario against its checked-in baseline; exit 1 on a regression.</summary>
internal static class RegressCommand
{
    public static Command Create()
    {
        var suiteArg = new Argument<string>("suite") { Description = "Regression suite YAML (scenarios/regress/suite.yaml)" };
        var updateOption = new Option<bool>("--update") { Description = "Rewrite the baselines from this run instead of comparing" };
        var command = new Command("regress", "Compare scenarios' cycles, energy and output hashes with their baselines") { suiteArg, updateOption };
        command.SetAction(parse => Execute(parse.GetValue(suiteArg)!, parse.GetValue(updateOption), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(string suitePath, bool update, TextWriter stdout, TextWriter stderr)
    {
        var suite = RegressSuiteLoader.Load(suitePath);
        var progress = new TerminalProgress(stderr, suite.Cases.Count);
        int started = 0;
        var outcomes = RegressRunner.Run(suite, update, c => progress.Report(++started, c.Name));
        progress.Done();

        foreach (var o in outcomes)
        {
            string state = update ? "baseline written"
                : o.Regressed ? "REGRESSION"
                : o.Improved ? "improved beyond tolerance (sim regress --update records it)"
                : o.Differences.Count > 0 ? "ok (within tolerance)"
                : "ok";
            stdout.WriteLine($"{o.Case}: {Plural.Of(o.Layers, "layer")}, {state}{(o.Note is null ? "" : ": " + o.Note)}");
        }
        var differences = outcomes.SelectMany(o => o.Differences).ToList();
        if (differences.Count > 0)
            stdout.Write(Table(differences));
        int regressions = outcomes.Count(o => o.Regressed), improvements = outcomes.Count(o => o.Improved);
        stdout.WriteLine(update
            ? $"regress {suite.Name}: {Plural.Of(outcomes.Count, "baseline")} written"
            : $"regress {suite.Name}: {Plural.Of(outcomes.Count, "case")}, {regressions} regressed{(improvements > 0 ? $", {improvements} improved" : "")}");
        return regressions > 0 ? 1 : 0;
    }

    public static string Table(IReadOnlyList<Difference> rows)
    {
        string[] header = ["case", "layer", "metric", "baseline", "actual", "diff %", "tol %", "status"];
        var cells = rows.Select(d => new[]
        {
            d.Case, d.Layer, d.Metric, d.Baseline, d.Actual,
            d.Relative is { } r ? (double.IsInfinity(r) ? (r > 0 ? "inf" : "-inf") : (r * 100).ToString("+0.####;-0.####", CultureInfo.InvariantCulture)) : "-",
            d.Tolerance is { } t ? (t * 100).ToString("0.####", CultureInfo.InvariantCulture) : "exact",
            d.Verdict switch { Verdict.Regressed => "REGRESSION", Verdict.Improved => "improved", _ => "ok" },
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var sb = new StringBuilder();
        void Line(string[] c) => sb.AppendJoin("  ", c.Select((s, i) => i is 3 or 4 or 5 or 6 ? s.PadLeft(widths[i]) : s.PadRight(widths[i]))).Append('\n');
        Line(header);
        sb.Append(new string('-', widths.Sum() + 2 * (widths.Length - 1))).Append('\n');
        cells.ForEach(Line);
        return sb.ToString();
    }
}
