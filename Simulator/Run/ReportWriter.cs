using System.Text;
using System.Text.Json;

namespace Sim.Run;

/// <summary>
/// Writes a run's summary.json and layers.csv. Each file is written to a temporary name and
/// renamed into place, so a crash never leaves a half-written report. Numbers are formatted with
/// the invariant culture and fixed precision, so the same run gives the same bytes (wall_seconds
/// aside, which measures the host, not the simulated machine).
/// </summary>
public static class ReportWriter
{
    public static void Write(RunSummary run, string directory)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, "summary.json"), SummaryJson(run));
        WriteAtomically(Path.Combine(directory, "layers.csv"), LayersCsv(run));
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
            json.WriteNumber("memory_peak_gbps", Math.Round(run.MemoryPeakGBps, 4));
            json.WriteNumber("total_cycles", run.TotalCycles);
            json.WriteNumber("total_macs", run.TotalMacs);
            json.WriteNumber("compute_cycles", run.Layers.Sum(l => l.Timing.ComputeCycles));
            json.WriteNumber("dram_stall_cycles", run.Layers.Sum(l => l.Timing.DramStallCycles));
            json.WriteNumber("link_stall_cycles", run.Layers.Sum(l => l.Timing.LinkStallCycles));
            json.WriteNumber("idle_cycles", run.Layers.Sum(l => l.Timing.IdleCycles));
            json.WriteNumber("latency_us", Math.Round(run.LatencyMicroseconds, 3));
            json.WriteBoolean("bit_exact", run.AllBitExact);
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
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string LayersCsv(RunSummary run)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', LayerColumns.All.Select(c => c.Name)).Append('\n');
        foreach (var l in run.Layers)
            csv.AppendJoin(',', LayerColumns.All.Select(c => LayerColumns.Text(c.Value(l)))).Append('\n');
        return csv.ToString();
    }

    private static void WriteAtomically(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}
