using Sim.Profiling;
using Sim.Run;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Report;

/// <summary>A scenario's run and the report folder written from it.</summary>
internal sealed record ReportedRun(RunSummary Run, string Directory, IReadOnlyList<string> Warnings);

/// <summary>
/// What `sim run` does with a scenario, for any caller (the command, the network benchmark): run it with a
/// timeline, then write the reports (summary.json, layers.csv, energy.csv, timeline.json, plots, index.html,
/// and an imported graph's outputs: <see cref="OutputFiles"/>) into a staging folder that replaces the report folder whole (<see cref="ReportFolder"/>).
/// </summary>
internal static class RunAndReport
{
    /// <param name="directory">The report folder; default reports/SCENARIO.</param>
    /// <param name="onLayerDone">Called after each layer, for progress on a terminal.</param>
    /// <param name="cancel">Stops the run or the report with <see cref="OperationCanceledException"/>; the old report stays as it was.</param>
    public static ReportedRun Execute(ScenarioConfig scenario, string? directory, RunPhases phases, Action<int, LayerResult>? onLayerDone = null,
        CancellationToken cancel = default)
    {
        directory ??= Path.Combine("reports", scenario.Name);
        using var folder = ReportFolder.Stage(directory);
        var timeline = new TimelineRecorder();
        var run = ScenarioRunner.Run(scenario, onLayerDone, timeline, phases, cancel);
        using (phases.Start("reports: summary.json, layers.csv, energy.csv"))
            ReportWriter.Write(run, folder.Staging);
        cancel.ThrowIfCancellationRequested();
        OutputFiles.Write(run.Outputs, folder.Staging);
        cancel.ThrowIfCancellationRequested();
        using (phases.Start("reports: timeline.json"))
            timeline.Save(Path.Combine(folder.Staging, RunFiles.TimelineFile));
        var warnings = new List<string>();
        if (timeline.Truncated)
            warnings.Add($"the timeline stopped recording after {TimelineRecorder.MaxEvents:N0} intervals");
        cancel.ThrowIfCancellationRequested();
        // The page names the folder the report goes to, not where it is staged.
        var page = phases.Time("reports: plots, index.html",
            () => ReportBuilder.Draw(RunFiles.Read(folder.Staging) with { Directory = directory }, folder.Staging, cancel));
        warnings.AddRange(page.Warnings);
        cancel.ThrowIfCancellationRequested();
        folder.Commit();
        return new ReportedRun(run, directory, warnings);
    }
}
