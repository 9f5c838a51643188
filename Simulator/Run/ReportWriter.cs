using System.Globalization;
using System.Text;
using System.Text.Json;
using Sim.Config;
using Sim.Scenarios;

namespace Sim.Run;

/// <summary>
/// Writes a run's summary.json, layers.csv, energy.csv and actions.csv (into a report's staging folder, which replaces
/// the old report whole: see <see cref="Report.ReportFolder"/>). Numbers are formatted with
/// the invariant culture and fixed precision, so the same run gives the same bytes (wall_seconds
/// aside, which measures the host, not the simulated machine).
/// </summary>
internal static class ReportWriter
{
    public static void Write(RunSummary run, string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(Path.Combine(directory, "summary.json"), SummaryJson(run), utf8);
        File.WriteAllText(Path.Combine(directory, "layers.csv"), LayersCsv(run), utf8);
        File.WriteAllText(Path.Combine(directory, "energy.csv"), EnergyCsv(run), utf8);
        File.WriteAllText(Path.Combine(directory, "actions.csv"), ActionsCsv(run), utf8);
    }

    public static string SummaryJson(RunSummary run)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("scenario", run.Scenario);
            json.WriteString("hardware", run.Hardware);
            json.WriteNumber("seed", run.Seed);
            json.WriteNumber("clock_mhz", run.ClockMhz);
            json.WriteNumber("pe_rows", run.PeRows);
            json.WriteNumber("pe_cols", run.PeCols);
            json.WriteString("memory", run.Memory);
            json.WriteNumber("memory_peak_gbps", Math.Round(run.Roofs.DramGBps, 4));
            json.WriteNumber("sram_peak_gbps", Math.Round(run.Roofs.SramGBps, 4));
            json.WriteNumber("link_peak_gbps", Math.Round(run.Roofs.LinkGBps, 4));
            json.WriteString("offload", run.Offload);
            if (run.Setup is { } setup)
            {
                json.WriteStartObject("setup");
                json.WriteNumber("weight_bytes", setup.WeightBytes);
                json.WriteNumber("cycles", setup.Cycles);
                json.WriteNumber("us", Math.Round(setup.Microseconds, 3));
                json.WriteNumber("energy_uj", Math.Round(setup.Energy.TotalPj / 1e6, 6));
                json.WriteEndObject();
            }
            json.WriteNumber("total_cycles", run.TotalCycles);
            json.WriteNumber("total_macs", run.TotalMacs);
            json.WriteNumber("compute_cycles", run.Layers.Sum(l => l.Timing.ComputeCycles));
            json.WriteNumber("dram_stall_cycles", run.Layers.Sum(l => l.Timing.DramStallCycles));
            json.WriteNumber("link_stall_cycles", run.Layers.Sum(l => l.Timing.LinkStallCycles));
            json.WriteNumber("idle_cycles", run.Layers.Sum(l => l.Timing.IdleCycles));
            json.WriteNumber("dram_bytes", run.Layers.Sum(l => l.DramBytesRead + l.DramBytesWritten));
            json.WriteNumber("dram_bytes_minimum", run.Layers.Sum(l => l.DramBytesMinimum));
            json.WriteNumber("link_bytes_to_device", run.Layers.Sum(l => l.LinkBytesToDevice));
            json.WriteNumber("link_bytes_to_host", run.Layers.Sum(l => l.LinkBytesToHost));
            json.WriteString("energy_table", run.EnergyTable);
            json.WriteNumber("energy_uj", Math.Round(run.Layers.Sum(l => l.Energy.TotalPj) / 1e6, 6));
            json.WriteStartObject("energy_uj_by_component");
            foreach (var component in Energy.LayerEnergy.ComponentNames.Concat(run.Layers.Any(l => l.Cores is not null) ? ["noc"] : []))
                json.WriteNumber(component, Math.Round(run.Layers.Sum(l => l.Energy.Components.Where(c => c.Component == component).Sum(c => c.TotalPj)) / 1e6, 6));
            json.WriteEndObject();
            json.WriteNumber("latency_us", Math.Round(run.LatencyMicroseconds, 3));
            if (run.Batch > 1)
            {
                // Written only for a batch, so a batch of one reports as it always has.
                json.WriteNumber("batch", run.Batch);
                json.WriteNumber("inferences_per_s", Math.Round(run.InferencesPerSecond, 3));
                json.WriteNumber("energy_uj_per_inference", Math.Round(run.EnergyPerInferencePj / 1e6, 6));
                if (run.Pipeline is { } pipeline)
                {
                    json.WriteString("pipeline_stages", pipeline.Stages);
                    json.WriteNumber("latency_per_inference_us_mean", Math.Round(run.MeanInferenceMicroseconds, 3));
                    json.WriteNumber("latency_per_inference_us_max", Math.Round(run.MaxInferenceMicroseconds, 3));
                }
            }
            json.WriteNumber("technology_nm", run.Area.TechnologyNm);
            json.WriteNumber("area_mm2", Math.Round(run.Area.TotalMm2, 6));
            json.WriteStartObject("area_mm2_by_component");
            foreach (var c in run.Area.Components) json.WriteNumber(c.Component, Math.Round(c.Mm2, 6));
            json.WriteEndObject();
            json.WriteNumber("effective_tops", Math.Round(run.EffectiveTops, 6));
            json.WriteNumber("tops_per_watt", Math.Round(run.TopsPerWatt, 6));
            json.WriteNumber("pj_per_mac", Math.Round(run.PjPerMac, 6));
            json.WriteNumber("inferences_per_s_per_mm2", Math.Round(run.InferencesPerSecondPerMm2, 6));
            json.WriteBoolean("bit_exact", run.AllBitExact);
            WriteCores(json, run);
            json.WriteNumber("wall_seconds", Math.Round(run.WallSeconds, 3));
            json.WriteStartArray("layers");
            foreach (var l in run.Layers)
            {
                json.WriteStartObject();
                foreach (var column in LayerColumns.All)
                {
                    switch (column.Value(l))
                    {
                        case string text: json.WriteString(column.Name, text); break;
                        case long whole: json.WriteNumber(column.Name, whole); break;
                        case double fraction: json.WriteNumber(column.Name, fraction); break;
                        case bool flag: json.WriteBoolean(column.Name, flag); break;
                        case null: json.WriteNull(column.Name); break;
                    }
                }
                if (l.Mismatch != null) json.WriteString("mismatch", l.Mismatch);
                if (l.Cores is { } cores)
                {
                    json.WriteStartArray("core_compute_cycles");
                    foreach (long c in cores.Compute) json.WriteNumberValue(c);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// A multi-core run's cores: each one's compute cycles over the run and its utilisation, those cycles over the run's
    /// total cycles (nothing for a single core, whose figures are the run's).
    /// </summary>
    private static void WriteCores(Utf8JsonWriter json, RunSummary run)
    {
        var layers = run.Layers.Where(l => l.Cores is not null).ToArray();
        if (layers.Length == 0) return;
        json.WriteStartArray("cores");
        for (int c = 0; c < layers[0].Cores!.Compute.Count; c++)
        {
            long compute = layers.Sum(l => l.Cores!.Compute[c]);
            json.WriteStartObject();
            json.WriteNumber("core", c);
            json.WriteNumber("compute_cycles", compute);
            json.WriteNumber("utilisation", run.TotalCycles == 0 ? 0 : Math.Round((double)compute / run.TotalCycles, 6));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static string LayersCsv(RunSummary run)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', LayerColumns.All.Select(c => c.Name)).Append('\n');
        foreach (var l in run.Layers)
            csv.AppendJoin(',', LayerColumns.All.Select(c => LayerColumns.Text(c.Value(l)))).Append('\n');
        return csv.ToString();
    }

    /// <summary>One row per layer and component: layer,component,dynamic_pj,leakage_pj,actions (the counts priced).</summary>
    public static string EnergyCsv(RunSummary run)
    {
        var csv = new StringBuilder("layer,component,dynamic_pj,leakage_pj,actions\n");
        foreach (var l in run.Layers)
            foreach (var c in l.Energy.Components)
                csv.Append(CultureInfo.InvariantCulture, $"{l.Name},{c.Component},{c.DynamicPj:0.###},{c.LeakagePj:0.###},{c.ActionCounts}\n");
        return csv.ToString();
    }

    /// <summary>
    /// Accelergy's view: per layer and component, each action's count, the table's pJ for one, and their product;
    /// then the component's static energy as its time (ns) x its static power (mW = pJ/ns). A component's rows add
    /// up to its energy in energy.csv.
    /// </summary>
    public static string ActionsCsv(RunSummary run)
    {
        var csv = new StringBuilder("layer,component,action,count,pj_each,pj\n");
        foreach (var l in run.Layers)
            foreach (var c in l.Energy.Components)
            {
                foreach (var a in c.Actions)
                    csv.Append(CultureInfo.InvariantCulture, $"{l.Name},{c.Component},{a.Action},{a.Count},{a.PjEach:0.######},{a.Pj:0.###}\n");
                if (c.LeakageMw > 0)
                    csv.Append(CultureInfo.InvariantCulture, $"{l.Name},{c.Component},static ns,{c.LeakageNs:0.###},{c.LeakageMw:0.######},{c.LeakagePj:0.###}\n");
            }
        return csv.ToString();
    }
}
