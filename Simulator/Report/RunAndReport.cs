using Sim.Config;
using Sim.Profiling;
using Sim.Run;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Report;

/// <summary>A scenario's run and the report folder written from it.</summary>
internal sealed record ReportedRun(RunSummary Run, string Directory, IReadOnlyList<string> Warnings);

/// <summary>
/// What `sim run` does with a scenario, for any caller (the command, the network benchmark): run it with a
/// timeline, then write the reports (summary.json, layers.csv, energy.csv, timeline.json, plots, index.html).
/// </summary>
internal static class RunAndReport
{
    /// <param name="directory">The report folder; default reports/SCENARIO.</param>
    /// <param name="onLayerDone">Called after each layer, for progress on a terminal.</param>
    public static ReportedRun Execute(ScenarioConfig scenario, string? directory, RunPhases phases, Action<int, LayerResult>? onLayerDone = null)
    {
        directory ??= Path.Combine("reports", scenario.Name);
        ReportFolder.Prepare(directory);
        var timeline = new TimelineRecorder();
        var run = ScenarioRunner.Run(scenario, onLayerDone, timeline, phases);
        using (phases.Start("reports: summary.json, layers.csv, energy.csv"))
            ReportWriter.Write(run, directory);
        using (phases.Start("reports: timeline.json"))
            timeline.Save(Path.Combine(directory, "timeline.json"));
        var warnings = new List<string>();
        if (timeline.Truncated)
            warnings.Add($"the timeline stopped recording after {TimelineRecorder.MaxEvents:N0} intervals");
        var page = phases.Time("reports: plots, index.html", () => ReportBuilder.Build(directory));
        warnings.AddRange(page.Warnings);
        return new ReportedRun(run, directory, warnings);
    }
}
