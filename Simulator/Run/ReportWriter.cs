using System.Globalization;
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
            json.WriteNumber("total_cycles", run.TotalCycles);
            json.WriteNumber("total_macs", run.TotalMacs);
            json.WriteNumber("latency_us", Math.Round(run.LatencyMicroseconds, 3));
            json.WriteBoolean("bit_exact", run.AllBitExact);
            json.WriteNumber("wall_seconds", Math.Round(run.WallSeconds, 3));
            json.WriteStartArray("layers");
            foreach (var l in run.Layers)
            {
                json.WriteStartObject();
                json.WriteString("name", l.Name);
                json.WriteString("type", l.Type);
                json.WriteString("unit", l.Unit);
                json.WriteNumber("cycles", l.Cycles);
                json.WriteNumber("compute_cycles", l.ComputeCycles);
                json.WriteNumber("memory_stall_cycles", l.MemoryStallCycles);
                json.WriteNumber("macs", l.Macs);
                json.WriteNumber("utilisation", Math.Round(l.Utilisation, 6));
                json.WriteNumber("tiles", l.Tiles);
                json.WriteNumber("dram_bytes_read", l.BytesRead);
                json.WriteNumber("dram_bytes_written", l.BytesWritten);
                json.WriteBoolean("bit_exact", l.BitExact);
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
        csv.Append("name,type,unit,cycles,compute_cycles,memory_stall_cycles,macs,utilisation,tiles,dram_bytes_read,dram_bytes_written,bit_exact\n");
        foreach (var l in run.Layers)
            csv.Append(CultureInfo.InvariantCulture,
                $"{l.Name},{l.Type},{l.Unit},{l.Cycles},{l.ComputeCycles},{l.MemoryStallCycles},{l.Macs},{l.Utilisation:0.000000},{l.Tiles},{l.BytesRead},{l.BytesWritten},{(l.BitExact ? "true" : "false")}\n");
        return csv.ToString();
    }

    private static void WriteAtomically(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}
