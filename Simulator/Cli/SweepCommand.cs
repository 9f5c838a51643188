using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sim.Config;
using Sim.Sweep;
using Spectre.Console;

namespace Sim.Cli;

/// <summary>
/// `sim sweep SWEEP.yaml`: every point of a design-space sweep, in parallel, each result stored in
/// SQLite as it finishes, so a killed sweep resumes where it stopped; `sim sweep merge` combines
/// shard databases; `sim sweep export` writes CSV and plots from a database.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var sweepArg = new Argument<string>("sweep") { Description = "Sweep YAML (base scenario, axes, how they combine)" };
        var dbOption = new Option<string?>("--db") { Description = "Results database (default: reports/sweeps/<name>/results.db, or results-shard-K-of-N.db with --shard)" };
        var jobsOption = new Option<int?>("--jobs", "-j") { Description = "Points run at once (default: the number of cores)" };
        var shardOption = new Option<string?>("--shard") { Description = "Run only share K of N (K from 1 to N), e.g. --shard 2/8" };
        var csvOption = new Option<string?>("--csv") { Description = "Also write the sweep's points as CSV to this file" };
        var plotsOption = new Option<string?>("--plots") { Description = "Folder for the plots (default: the database's folder)" };
        var noPlotsOption = new Option<bool>("--no-plots") { Description = "Write no plots" };
        var listOption = new Option<bool>("--list") { Description = "List the points and their keys, run nothing" };

        var command = new Command("sweep", "Run a design-space sweep; results go to an SQLite database and survive a crash")
        {
            sweepArg, dbOption, jobsOption, shardOption, csvOption, plotsOption, noPlotsOption, listOption,
            CreateMerge(), CreateExport(),
        };
        command.SetAction(parse => Execute(new Options(
            parse.GetValue(sweepArg)!, parse.GetValue(dbOption), parse.GetValue(jobsOption), parse.GetValue(shardOption),
            parse.GetValue(csvOption), parse.GetValue(plotsOption), parse.GetValue(noPlotsOption), parse.GetValue(listOption)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public sealed record Options(
        string Sweep, string? Db = null, int? Jobs = null, string? Shard = null, string? Csv = null,
        string? Plots = null, bool NoPlots = false, bool List = false);

    public static int Execute(Options o, TextWriter stdout, TextWriter stderr)
    {
        CheckOutputs(o.Csv, o.NoPlots ? null : o.Plots);
        var shard = o.Shard is null ? Sweep.Shard.All : Sweep.Shard.Parse(o.Shard);
        int jobs = o.Jobs ?? Environment.ProcessorCount;
        if (jobs < 1)
            throw new InputError($"--jobs {jobs}: expected a positive number");

        var spec = SweepLoader.Load(o.Sweep);
        var generated = PointGenerator.Generate(spec);
        var resolved = new PointResolver(spec).ResolveAll(generated);
        var distinct = Sweep.Shard.Distinct(resolved);
        var mine = shard.Select(resolved);

        if (o.List)
        {
            var inShard = mine.ToHashSet();
            foreach (var p in resolved)
                stdout.WriteLine($"{p.Index,5}  {p.Key[..16]}  {p.AxesJson}{(inShard.Contains(p) ? "" : distinct.Contains(p) ? "  (other shard)" : "  (same configuration as an earlier point)")}");
            stdout.WriteLine($"{Plural.Of(resolved.Count, "point")}, {distinct.Count} distinct; shard {shard} has {mine.Count}");
            return 0;
        }

        string db = o.Db ?? Path.Combine("reports", "sweeps", spec.Name,
            shard.N == 1 ? "results.db" : $"results-shard-{shard.K}-of-{shard.N}.db");
        using var database = SweepDatabase.Open(db);
        string share = shard.N == 1 ? "" : $" (shard {shard}: {mine.Count} of {distinct.Count})";
        stdout.WriteLine($"sweep {spec.Name}: {Plural.Of(distinct.Count, "distinct point")}{share}, {jobs} at a time, results in {db}");

        var clock = Stopwatch.StartNew();
        var outcome = RunWithProgress(spec.Name, mine, database, jobs, stderr);
        stdout.WriteLine($"{outcome.Ran} run, {outcome.AlreadyStored} already stored, {outcome.Errors.Count} failed, " +
                         $"{outcome.NotBitExact} not bit-exact; {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        foreach (string e in outcome.Errors)
            stderr.WriteLine($"error: {e}");

        var keys = mine.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var records = database.All().Where(r => keys.Contains(r.Key)).ToList();
        WriteOutputs(records, o.Csv, o.NoPlots ? null : o.Plots ?? Path.GetDirectoryName(Path.GetFullPath(db))!, stdout, stderr);
        return outcome.Errors.Count > 0 || outcome.NotBitExact > 0 ? 1 : 0;
    }

    private static SweepOutcome RunWithProgress(string name, List<ResolvedPoint> points, SweepDatabase db, int jobs, TextWriter stderr)
    {
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected
                        && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");
        if (!terminal)
            return SweepRunner.Run(name, points, db, jobs);

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        SweepOutcome? outcome = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(name), maxValue: Math.Max(1, points.Count));
                outcome = SweepRunner.Run(name, points, db, jobs, _ => task.Increment(1));
                task.Value = task.MaxValue;
            });
        return outcome!;
    }

    /// <summary>The CSV and plot paths, checked before anything runs: a sweep must not fail on them after its last point.</summary>
    private static void CheckOutputs(string? csv, string? plots)
    {
        if (csv is not null) InputPath.RequireWritableFile(csv, $"--csv {csv}");
        if (plots is not null) Report.ReportFolder.Check(plots, "--plots");
    }

    /// <summary>The CSV (if asked for), the plots (if a folder is given) and the Pareto front on stdout.</summary>
    private static void WriteOutputs(IReadOnlyList<PointRecord> records, string? csv, string? plots, TextWriter stdout, TextWriter stderr)
    {
        if (csv != null)
        {
            SweepExport.WriteCsv(records, csv);
            stdout.WriteLine($"{Plural.Of(records.Count, "point")} written to {csv}");
        }
        if (records.Count > 0)
        {
            stdout.WriteLine("Pareto front (latency, energy):");
            foreach (var r in SweepPlots.ParetoFront(records))
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {r.LatencyUs,12:#,0.000} us  {r.EnergyUj,12:#,0.000} uJ  {r.AxesJson}"));
        }
        if (plots != null)
            foreach (string file in SweepPlots.Write(records, plots, stderr))
                stdout.WriteLine($"plot: {file}");
    }

    private static Command CreateMerge()
    {
        var outArg = new Argument<string>("out") { Description = "Database to merge into (created if missing)" };
        var inArg = new Argument<string[]>("inputs") { Description = "Shard databases", Arity = ArgumentArity.OneOrMore };
        var command = new Command("merge", "Combine shard databases into one; a point in several is kept once") { outArg, inArg };
        command.SetAction(parse =>
        {
            var (added, duplicates) = SweepDatabase.Merge(parse.GetValue(outArg)!, parse.GetValue(inArg)!);
            parse.InvocationConfiguration.Output.WriteLine($"{Plural.Of(added, "point")} added, {duplicates} already present; {parse.GetValue(outArg)}");
            return 0;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var dbArg = new Argument<string>("db") { Description = "Sweep database" };
        var csvOption = new Option<string?>("--csv") { Description = "CSV file to write" };
        var plotsOption = new Option<string?>("--plots") { Description = "Folder for the plots" };
        var command = new Command("export", "Write a sweep database as CSV and plots") { dbArg, csvOption, plotsOption };
        command.SetAction(parse =>
        {
            CheckOutputs(parse.GetValue(csvOption), parse.GetValue(plotsOption));
            using var db = SweepDatabase.Open(parse.GetValue(dbArg)!, create: false);
            WriteOutputs(db.All(), parse.GetValue(csvOption), parse.GetValue(plotsOption), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return 0;
        });
        return command;
    }
}
