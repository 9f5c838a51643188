using System.CommandLine;
using Sim.Config;
using Sim.Report;

namespace Sim.Cli;

/// <summary>`sim report DIR`: redraws a run's plots and index.html from the files `sim run` wrote there.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dirArg = new Argument<string>("dir") { Description = "A run's report folder (summary.json, layers.csv; timeline.json and energy.csv if present)" };
        var command = new Command("report", "Redraw a run's plots and index.html from its files") { dirArg };
        Interruption.SetAction(command, (parse, cancel) =>
            Execute(parse.GetValue(dirArg)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancel));
        return command;
    }

    /// <param name="cancel">Ctrl-C or SIGTERM: the folder stays as it was, and the exit code is <see cref="Interruption.ExitCode"/>.</param>
    public static int Execute(string directory, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default) =>
        Interruption.Guard(() =>
        {
            var result = ReportBuilder.Redraw(directory, cancel);
            foreach (var warning in result.Warnings) stderr.WriteLine($"warning: {warning}");
            stdout.WriteLine($"wrote {result.IndexPath} and {Plural.Of(result.PlotFiles.Count, "plot file")}");
            return 0;
        }, stderr, cancel);
}
