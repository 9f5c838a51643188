using System.CommandLine;
using Sim.Config;
using Sim.Profiling;
using Sim.Report;
using Sim.Run;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Cli;

/// <summary>`sim run SCENARIO [--hw CONFIG] [--out DIR]`: every layer through the engine, checked against the golden model.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenarioArg = new Argument<string>("scenario")
        {
            Description = "Scenario YAML (layers or model, data, seed, hardware), an ONNX model (.onnx, with --hw) or a SCALE-Sim topology (.csv, with --hw)",
        };
        var inputOption = new Option<string?>("--input") { Description = "ONNX model only: a TensorProto (.pb) for the graph's first input (default: seeded data)" };
        var seedOption = new Option<int>("--seed") { Description = "ONNX model or SCALE-Sim topology only: the seed of its data", DefaultValueFactory = _ => 0 };
        var hwOption = new Option<string?>("--hw") { Description = "Hardware YAML to use instead of the scenario's" };
        var outOption = new Option<string?>("--out") { Description = "Report folder (default: reports/<scenario name>/)" };
        var command = new Command("run", "Run a scenario's layers cycle by cycle and check them bit for bit")
        {
            scenarioArg, hwOption, outOption, inputOption, seedOption,
        };
        Interruption.SetAction(command, (parse, cancel) => Execute(
            parse.GetValue(scenarioArg)!, parse.GetValue(hwOption), parse.GetValue(outOption),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(inputOption), parse.GetValue(seedOption), cancel));
        return command;
    }

    /// <param name="cancel">Ctrl-C or SIGTERM: the run stops, the old report stays, and the exit code is <see cref="Interruption.ExitCode"/>.</param>
    public static int Execute(string scenarioPath, string? hwPath, string? outDir, TextWriter stdout, TextWriter stderr,
        string? inputPath = null, int seed = 0, CancellationToken cancel = default) =>
        Interruption.Guard(() => Run(scenarioPath, hwPath, outDir, stdout, stderr, inputPath, seed, cancel), stderr, cancel);

    private static int Run(string scenarioPath, string? hwPath, string? outDir, TextWriter stdout, TextWriter stderr,
        string? inputPath, int seed, CancellationToken cancel)
    {
        bool model = scenarioPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
        bool topology = scenarioPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        if (!model && inputPath is not null)
            throw new InputError("--input applies to an ONNX model; a scenario names its input with input:");
        var scenario = model ? ScenarioLoader.ForModel(scenarioPath, hwPath, seed, inputPath)
            : topology ? ScenarioLoader.ForTopology(scenarioPath, hwPath, seed)
            : ScenarioLoader.Load(scenarioPath, hwPath);
        var hw = scenario.Hardware;
        // A report folder that cannot be written is one error line, before anything is printed or run.
        Report.ReportFolder.Check(outDir ?? Path.Combine("reports", scenario.Name), "--out");
        stdout.WriteLine($"scenario {scenario.Name}: {scenario.Describe} on {hw.Name} " +
                         $"({hw.PeArray.Rows}x{hw.PeArray.Cols} PEs at {hw.PeArray.ClockMhz} MHz), seed {scenario.Seed}");

        var progress = new TerminalProgress(stderr, scenario.StepCount);
        ReportedRun reported;
        try
        {
            reported = RunAndReport.Execute(scenario, outDir, RunPhases.Off, (i, layer) => progress.Report(i + 1, layer.Name), cancel);
        }
        finally
        {
            // Whatever ends the run, the next line starts on a clear one.
            progress.Done();
        }
        var (run, directory, warnings) = reported;
        foreach (var note in warnings) stderr.WriteLine($"warning: {note}");

        stdout.Write(LayerTable.Format(run));
        stdout.WriteLine($"latency {run.LatencyMicroseconds:0.000} us at {hw.PeArray.ClockMhz} MHz; " +
                         $"simulated in {run.WallSeconds:0.00} s; reports in {directory}/ (open {Path.Combine(directory, "index.html")})");
        if (run.Pipeline is { } pipeline)
            stdout.WriteLine($"batch {run.Batch} pipelined over {Plural.Of(pipeline.StageCount, "stage")} " +
                             $"({pipeline.Stages}): {run.InferencesPerSecond:0.###} inferences/s; latency per inference " +
                             $"mean {run.MeanInferenceMicroseconds:0.000} us, max {run.MaxInferenceMicroseconds:0.000} us");
        foreach (var layer in run.Layers.Where(l => !l.BitExact))
            stderr.WriteLine($"error: {layer.Mismatch}");
        return run.AllBitExact ? 0 : 1;
    }
}
