using System.Globalization;
using System.Text.Json;
using Sim.Config;
using Sim.Run;

namespace Sim.Report;

/// <summary>The run-wide figures of summary.json.</summary>
internal sealed record SummaryFigures(
    string Scenario, string Hardware, long Seed, double ClockMhz, int PeRows, int PeCols,
    string Memory, double MemoryPeakGBps, long TotalCycles, long TotalMacs,
    long ComputeCycles, long DramStallCycles, long LinkStallCycles, long IdleCycles,
    double LatencyUs, bool BitExact, double WallSeconds)
{
    /// <summary>How many layers summary.json lists.</summary>
    public int LayerCount { get; init; }

    /// <summary>The roofline's other roofs: the scratchpads' and the host link's peak bandwidths (see <see cref="Sim.Run.HardwareRoofs"/>).</summary>
    public double SramPeakGBps { get; init; }
    public double LinkPeakGBps { get; init; }

    /// <summary>The timed run's energy (energy_uj), silicon area and efficiency: area_mm2 and its technology, effective TOPS, TOPS/W, pJ/MAC, inferences/s per mm^2.</summary>
    public double EnergyUj { get; init; }
    public double AreaMm2 { get; init; }
    public long TechnologyNm { get; init; }
    public double EffectiveTops { get; init; }
    public double TopsPerWatt { get; init; }
    public double PjPerMac { get; init; }
    public double InferencesPerSecondPerMm2 { get; init; }

    /// <summary>A batched run's figures (null for a batch of one), and each inference's own latency when pipelined.</summary>
    public BatchFigures? Batch { get; init; }

    /// <summary>Each core's utilisation over the run on a multi-core chip; empty for one core.</summary>
    public IReadOnlyList<double> CoreUtilisation { get; init; } = [];
}

/// <summary>summary.json's batch fields: the batch, inferences/s, energy per inference, and the pipelined latencies (null when split).</summary>
internal sealed record BatchFigures(long Batch, double InferencesPerSecond, double EnergyUjPerInference, double? MeanLatencyUs, double? MaxLatencyUs);

/// <summary>One layer's figures as the plots need them, read from layers.csv.</summary>
internal sealed record LayerFigures(
    string Name, string Type, string Unit, long Cycles, long ComputeCycles, long DramStallCycles,
    long LinkStallCycles, long IdleCycles, long Macs, double Utilisation, long DramBytes, bool BitExact)
{
    /// <summary>Each tensor the layer reads and writes once (layers.csv's dram_bytes_minimum).</summary>
    public long DramBytesMinimum { get; init; }

    /// <summary>A PE-array layer's mapping and stall losses (see <see cref="Sim.Run.UtilisationSplit"/>); 0 for other units.</summary>
    public double MappingLoss { get; init; }
    public double StallLoss { get; init; }

    /// <summary>True for a layer run in another's output stage: its work is in that layer's row.</summary>
    public bool Fused => Unit == "output_stage";
}

/// <summary>One interval of timeline.json: on which track, what, when (microseconds), and the bytes it moved (-1: none).</summary>
internal readonly record struct TimelineInterval(string Track, string Name, string Layer, double StartUs, double DurationUs, long Bytes);

/// <summary>One row of energy.csv: a layer's energy in one component, in picojoules.</summary>
internal sealed record EnergyRow(string Layer, string Component, double DynamicPj, double LeakagePj)
{
    public double TotalPj => DynamicPj + LeakagePj;
}

/// <summary>
/// A finished run's files, read back: summary.json and layers.csv (required), timeline.json and
/// energy.csv (each optional: null when absent). Everything the report shows comes from here, so
/// `sim report DIR` redraws exactly what `sim run` drew. A file that is present but malformed is an
/// <see cref="InputError"/> naming the file and what was wrong.
/// </summary>
internal sealed record RunFiles(
    string Directory,
    SummaryFigures Summary,
    IReadOnlyList<string> LayerHeader,
    IReadOnlyList<string[]> LayerRows,
    IReadOnlyList<LayerFigures> Layers,
    IReadOnlyList<TimelineInterval>? Timeline,
    bool TimelineTruncated,
    IReadOnlyList<EnergyRow>? Energy)
{
    public const string SummaryFile = "summary.json", LayersFile = "layers.csv", TimelineFile = "timeline.json", EnergyFile = "energy.csv";

    public static RunFiles Read(string directory)
    {
        InputPath.RequireFolder(directory);
        string summaryPath = Required(directory, SummaryFile), layersPath = Required(directory, LayersFile);
        var summary = ReadSummary(summaryPath);
        var (header, rows, layers) = ReadLayers(layersPath);
        // The two files come from one run: as many layers in each (a truncated CSV is not a smaller run).
        if (summary.LayerCount != layers.Count)
            throw new InputError($"{layersPath}: {Plural.Of(layers.Count, "layer")}, but {summaryPath} has {summary.LayerCount} (a truncated or mixed-up report folder? run it again)");
        string timelinePath = Path.Combine(directory, TimelineFile);
        var (timeline, truncated) = File.Exists(timelinePath) ? ReadTimeline(timelinePath) : (null, false);
        string energyPath = Path.Combine(directory, EnergyFile);
        var energy = File.Exists(energyPath) ? ReadEnergy(energyPath, layers) : null;
        return new RunFiles(directory, summary, header, rows, layers, timeline, truncated, energy);
    }

    private static string Required(string directory, string name)
    {
        string path = Path.Combine(directory, name);
        if (InputPath.FileProblem(path) is { } problem) throw new InputError($"{path}: {problem} (run 'sim run' to write the run's files)");
        return path;
    }

    // ---- summary.json

    private static SummaryFigures ReadSummary(string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InputError($"{path}: not valid JSON ({FirstLine(e.Message)})"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InputError($"{path}: expected a JSON object");
            return new SummaryFigures(
                String(root, "scenario"), String(root, "hardware"), Whole(root, "seed"), Number(root, "clock_mhz"),
                (int)Whole(root, "pe_rows"), (int)Whole(root, "pe_cols"), String(root, "memory"), Number(root, "memory_peak_gbps"),
                Whole(root, "total_cycles"), Whole(root, "total_macs"), Whole(root, "compute_cycles"),
                Whole(root, "dram_stall_cycles"), Whole(root, "link_stall_cycles"), Whole(root, "idle_cycles"),
                Number(root, "latency_us"), Flag(root, "bit_exact"), Number(root, "wall_seconds"))
            {
                LayerCount = Get(root, "layers", JsonValueKind.Array, "a list of layers").GetArrayLength(),
                SramPeakGBps = Number(root, "sram_peak_gbps"),
                LinkPeakGBps = Number(root, "link_peak_gbps"),
                EnergyUj = Number(root, "energy_uj"),
                AreaMm2 = Number(root, "area_mm2"),
                TechnologyNm = Whole(root, "technology_nm"),
                EffectiveTops = Number(root, "effective_tops"),
                TopsPerWatt = Number(root, "tops_per_watt"),
                PjPerMac = Number(root, "pj_per_mac"),
                InferencesPerSecondPerMm2 = Number(root, "inferences_per_s_per_mm2"),
                Batch = root.TryGetProperty("batch", out _)
                    ? new BatchFigures(Whole(root, "batch"), Number(root, "inferences_per_s"), Number(root, "energy_uj_per_inference"),
                        Optional(root, "latency_per_inference_us_mean"), Optional(root, "latency_per_inference_us_max"))
                    : null,
                CoreUtilisation = root.TryGetProperty("cores", out _)
                    ? [.. Get(root, "cores", JsonValueKind.Array, "a list of cores").EnumerateArray().Select(c => Number(c, "utilisation"))]
                    : [],
            };
        }

        JsonElement Get(JsonElement o, string key, JsonValueKind kind, string what)
        {
            if (!o.TryGetProperty(key, out var v)) throw new InputError($"{path}: '{key}' is missing (written by an older sim? run it again)");
            if (v.ValueKind != kind && !(kind == JsonValueKind.True && v.ValueKind == JsonValueKind.False))
                throw new InputError($"{path}: '{key}' should be {what}, not {v.ValueKind.ToString().ToLowerInvariant()}");
            return v;
        }
        string String(JsonElement o, string key) => Get(o, key, JsonValueKind.String, "a string").GetString()!;
        double Number(JsonElement o, string key) => Get(o, key, JsonValueKind.Number, "a number").GetDouble();
        double? Optional(JsonElement o, string key) => o.TryGetProperty(key, out _) ? Number(o, key) : null;
        bool Flag(JsonElement o, string key) => Get(o, key, JsonValueKind.True, "true or false").GetBoolean();
        long Whole(JsonElement o, string key) =>
            Get(o, key, JsonValueKind.Number, "a whole number").TryGetInt64(out long v) ? v
            : throw new InputError($"{path}: '{key}' should be a whole number");
    }

    // ---- layers.csv

    private static readonly string[] PlotColumns =
    [
        "name", "type", "unit", "cycles", "compute_cycles", "dram_stall_cycles", "link_stall_cycles", "idle_cycles",
        "macs", "utilisation", "mapping_loss", "stall_loss", "dram_bytes_read", "dram_bytes_written", "dram_bytes_minimum", "bit_exact",
    ];

    private static (string[] Header, List<string[]> Rows, List<LayerFigures> Layers) ReadLayers(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Length == 0) throw new InputError($"{path}: empty (expected a header line)");
        var header = lines[0].Split(',');
        var index = new Dictionary<string, int>();
        for (int i = 0; i < header.Length; i++) index[header[i]] = i;
        foreach (var column in LayerColumns.All.Select(c => c.Name).Concat(PlotColumns))
            if (!index.ContainsKey(column))
                throw new InputError($"{path}:1: column '{column}' is missing (written by another version of sim? run it again)");

        var rows = new List<string[]>();
        var layers = new List<LayerFigures>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) continue;
            var cells = lines[n].Split(',');
            if (cells.Length != header.Length)
                throw new InputError($"{path}:{n + 1}: {cells.Length} fields, but the header has {header.Length}");
            rows.Add(cells);
            string Cell(string column) => cells[index[column]];
            if (layers.Any(l => l.Name == Cell("name")))
                throw new InputError($"{path}:{n + 1}: layer '{Excerpt.Of(Cell("name"))}' appears twice");
            long Whole(string column) => long.TryParse(Cell(column), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) && v >= 0 ? v
                : throw new InputError($"{path}:{n + 1}: {column}: expected a whole number, got '{Excerpt.Of(Cell(column))}'");
            double Loss(string column) => Cell(column).Length == 0 ? 0 : Fraction(column);
            double Fraction(string column) => double.TryParse(Cell(column), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
                : throw new InputError($"{path}:{n + 1}: {column}: expected a number, got '{Excerpt.Of(Cell(column))}'");
            bool Flag(string column) => Cell(column) switch
            {
                "true" => true,
                "false" => false,
                var other => throw new InputError($"{path}:{n + 1}: {column}: expected true or false, got '{Excerpt.Of(other)}'"),
            };
            layers.Add(new LayerFigures(
                Cell("name"), Cell("type"), Cell("unit"), Whole("cycles"), Whole("compute_cycles"), Whole("dram_stall_cycles"),
                Whole("link_stall_cycles"), Whole("idle_cycles"), Whole("macs"), Fraction("utilisation"),
                Whole("dram_bytes_read") + Whole("dram_bytes_written"), Flag("bit_exact")) 
            {
                DramBytesMinimum = Whole("dram_bytes_minimum"), MappingLoss = Loss("mapping_loss"), StallLoss = Loss("stall_loss"),
            });
        }
        if (layers.Count == 0) throw new InputError($"{path}: no layers (expected a line per layer after the header)");
        return (header, rows, layers);
    }

    // ---- timeline.json

    private static (List<TimelineInterval>, bool) ReadTimeline(string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new InputError($"{path}: not valid JSON ({FirstLine(e.Message)})"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("traceEvents", out var events) || events.ValueKind != JsonValueKind.Array)
                throw new InputError($"{path}: expected Chrome trace-event JSON (an object with a 'traceEvents' array)");
            var tracks = new Dictionary<long, string>();
            var intervals = new List<TimelineInterval>();
            int n = 0;
            foreach (var e in events.EnumerateArray())
            {
                n++;
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("ph", out var ph) || ph.ValueKind != JsonValueKind.String)
                    throw new InputError($"{path}: trace event {n} has no 'ph'");
                string phase = ph.GetString()!;
                if (phase == "M")
                {
                    if (e.TryGetProperty("name", out var kind) && kind.ValueEquals("thread_name")
                        && e.TryGetProperty("args", out var args) && args.TryGetProperty("name", out var trackName))
                        tracks[TidOf(e, n)] = trackName.GetString() ?? "";
                    continue;
                }
                if (phase != "X") continue;
                long tid = TidOf(e, n);
                if (!tracks.TryGetValue(tid, out var track)) throw new InputError($"{path}: trace event {n}: thread {tid} has no thread_name");
                long bytes = e.TryGetProperty("args", out var a) && a.TryGetProperty("bytes", out var b) && b.TryGetInt64(out long v) ? v : -1;
                intervals.Add(new TimelineInterval(
                    track, Text(e, "name", n), e.TryGetProperty("cat", out var cat) ? cat.GetString() ?? "" : "",
                    Num(e, "ts", n), Num(e, "dur", n), bytes));
            }
            bool truncated = root.TryGetProperty("note", out _);
            return (intervals, truncated);
        }

        long TidOf(JsonElement e, int n) => e.TryGetProperty("tid", out var t) && t.TryGetInt64(out long v) ? v
            : throw new InputError($"{path}: trace event {n}: 'tid' should be a whole number");
        double Num(JsonElement e, string key, int n) =>
            e.TryGetProperty(key, out var t) && t.ValueKind == JsonValueKind.Number && t.GetDouble() >= 0 ? t.GetDouble()
            : throw new InputError($"{path}: trace event {n}: '{key}' should be a number of microseconds");
        string Text(JsonElement e, string key, int n) =>
            e.TryGetProperty(key, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!
            : throw new InputError($"{path}: trace event {n}: '{key}' should be a string");
    }

    // ---- energy.csv

    private static List<EnergyRow> ReadEnergy(string path, List<LayerFigures> layers)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Length == 0) throw new InputError($"{path}: empty (expected the header layer,component,dynamic_pj,leakage_pj)");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        int Col(string name)
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new InputError($"{path}:1: column '{name}' is missing (expected layer,component,dynamic_pj,leakage_pj)");
        }
        int layerCol = Col("layer"), componentCol = Col("component"), dynamicCol = Col("dynamic_pj"), leakageCol = Col("leakage_pj");
        var known = layers.Select(l => l.Name).ToHashSet();
        var seen = new HashSet<(string, string)>();
        var rows = new List<EnergyRow>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) continue;
            var cells = lines[n].Split(',');
            if (cells.Length != header.Length)
                throw new InputError($"{path}:{n + 1}: {cells.Length} fields, but the header has {header.Length}");
            string layer = cells[layerCol].Trim(), component = cells[componentCol].Trim();
            if (!known.Contains(layer)) throw new InputError($"{path}:{n + 1}: layer '{Excerpt.Of(layer)}' is not a layer of this run");
            if (component.Length == 0) throw new InputError($"{path}:{n + 1}: component: expected a name");
            if (!seen.Add((layer, component))) throw new InputError($"{path}:{n + 1}: layer '{Excerpt.Of(layer)}', component '{Excerpt.Of(component)}' appears twice");
            double Pj(int col, string name) =>
                double.TryParse(cells[col].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= 0 ? v
                : throw new InputError($"{path}:{n + 1}: {name}: expected picojoules (a number, 0 or more), got '{Excerpt.Of(cells[col])}'");
            rows.Add(new EnergyRow(layer, component, Pj(dynamicCol, "dynamic_pj"), Pj(leakageCol, "leakage_pj")));
        }
        if (rows.Count == 0) throw new InputError($"{path}: no rows (expected one per layer and component)");
        return rows;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
