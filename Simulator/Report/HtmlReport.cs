using System.Globalization;
using System.Net;
using System.Text;
using Sim.Config;

namespace Sim.Report;

/// <summary>A plot as the page shows it: the PNG's bytes (embedded) and the SVG beside it (linked).</summary>
internal sealed record RenderedPlot(ReportPlot Plot, byte[] Png, string SvgFile);

/// <summary>
/// The report page, index.html: one file with its CSS inline and its plots embedded as PNG data
/// URIs, so that it opens in one click, from a mail attachment or a copied folder as well, and shows
/// every figure; each plot links to its SVG in plots/ for zooming. A small script marks the body
/// with how many images loaded (data-images="loaded/total"), which the browser test reads back.
/// </summary>
internal static class HtmlReport
{
    public static string Render(RunFiles run, IReadOnlyList<RenderedPlot> plots, IReadOnlyList<string> notes)
    {
        var s = run.Summary;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E($"{s.Scenario} on {s.Hardware} — Sim report")).Append("</title>\n")
            .Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body data-images=\"pending\">\n<main>\n");

        html.Append("<header>\n<h1>").Append(E(s.Scenario)).Append("</h1>\n<p class=\"sub\">")
            .Append(E($"{Plural.Of(run.Layers.Count, "layer")} on {s.Hardware}: {s.PeRows}x{s.PeCols} PEs at {Num(s.ClockMhz)} MHz, memory {s.Memory}, seed {s.Seed}"))
            .Append("</p>\n");
        html.Append("<nav><a href=\"#summary\">Summary</a> <a href=\"#plots\">Plots</a> <a href=\"#layers\">Layers</a> ")
            .Append("<a href=\"#energy\">Energy</a> <a href=\"#timeline\">Timeline</a></nav>\n</header>\n");
        foreach (var note in notes) html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");

        Summary(html, run);
        html.Append("<section id=\"plots\">\n<h2>Plots</h2>\n");
        if (plots.Count == 0) html.Append("<p class=\"note\">No plots were drawn (see the note above).</p>\n");
        foreach (var p in plots.Where(p => p.Plot.Name != "energy")) Figure(html, p);
        html.Append("</section>\n");
        Layers(html, run);
        Energy(html, run, plots.FirstOrDefault(p => p.Plot.Name == "energy"));
        Timeline(html, run);

        html.Append("<footer>Written by <code>sim report</code> from <code>").Append(E(RunFiles.SummaryFile)).Append("</code>, <code>")
            .Append(E(RunFiles.LayersFile)).Append("</code>")
            .Append(run.Timeline != null ? $", <code>{RunFiles.TimelineFile}</code>" : "")
            .Append(run.Energy != null ? $", <code>{RunFiles.EnergyFile}</code>" : "")
            .Append(" in this folder; run <code>sim report ").Append(E(run.Directory)).Append("</code> to redraw it.</footer>\n");
        html.Append("</main>\n<script>\n").Append(ImageCheck).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, RunFiles run)
    {
        var s = run.Summary;
        long peCount = (long)s.PeRows * s.PeCols;
        double utilisation = s.TotalCycles == 0 || peCount == 0 ? 0 : s.TotalMacs / ((double)s.TotalCycles * peCount);
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        Card(html, "latency", $"{Num(s.LatencyUs, "#,0.000")} µs", $"{Whole(s.TotalCycles)} cycles", "latency-us");
        Card(html, "MACs", Whole(s.TotalMacs), $"{Num(100 * utilisation, "0.0")}% of the array's peak", "total-macs");
        Card(html, "bit-exact", s.BitExact ? "yes" : "NO",
            s.BitExact ? "every layer equals the golden model" : "a layer differs from the golden model", "bit-exact",
            s.BitExact ? "good" : "bad");
        Card(html, "area", $"{Num(s.AreaMm2, "0.###")} mm²", $"at {s.TechnologyNm} nm; {Num(s.InferencesPerSecondPerMm2, "#,0.###")} inferences/s per mm²", "area-mm2");
        Card(html, "energy", $"{Num(s.EnergyUj, "#,0.###")} µJ", $"{Num(s.PjPerMac, "0.###")} pJ/MAC; {Num(s.TopsPerWatt, "0.###")} TOPS/W", "energy-uj");
        Card(html, "efficiency", $"{Num(s.TopsPerWatt, "0.###")} TOPS/W",
            $"{Num(s.EffectiveTops, "0.###")} effective TOPS; {Num(s.PjPerMac, "0.###")} pJ/MAC", "tops-per-watt");
        if (s.Batch is { } b)
            Card(html, "throughput", $"{Num(b.InferencesPerSecond, "#,0.###")} inferences/s",
                $"batch {b.Batch}; {Num(b.EnergyUjPerInference, "#,0.###")} µJ per inference; " + (b.MeanLatencyUs is { } mean
                    ? $"pipelined: each inference {Num(mean, "#,0.###")} µs on average, {Num(b.MaxLatencyUs!.Value, "#,0.###")} µs at most"
                    : "every inference takes the run's latency"), "inferences-per-s");
        if (s.CoreUtilisation.Count > 0)
            Card(html, "cores", $"{s.CoreUtilisation.Count} cores",
                "utilisation " + string.Join(", ", s.CoreUtilisation.Select((u, c) => $"core {c} {Num(100 * u, "0.0")}%")), "cores");
        Card(html, "simulated in", $"{Num(s.WallSeconds, "0.00")} s", "host wall time", "wall-seconds");
        html.Append("</div>\n");

        // Where the cycles went, as one bar and as numbers.
        var parts = new (string Label, long Cycles, string Class)[]
        {
            ("compute", s.ComputeCycles, "compute"), ("DRAM stall", s.DramStallCycles, "dram"),
            ("link stall", s.LinkStallCycles, "link"), ("idle", s.IdleCycles, "idle"),
        };
        html.Append("<div class=\"split\" role=\"img\" aria-label=\"where the cycles went\">");
        foreach (var p in parts.Where(p => p.Cycles > 0))
            html.Append("<span class=\"").Append(p.Class).Append("\" style=\"width:")
                .Append(Num(100.0 * p.Cycles / Math.Max(1, s.TotalCycles), "0.###")).Append("%\" title=\"")
                .Append(E($"{p.Label}: {Whole(p.Cycles)} cycles")).Append("\"></span>");
        html.Append("</div>\n<table class=\"kv\">\n");
        Row(html, "scenario", s.Scenario, "scenario");
        Row(html, "hardware", $"{s.Hardware}: {s.PeRows}x{s.PeCols} PEs at {Num(s.ClockMhz)} MHz", "hardware");
        Row(html, "device memory", s.Memory.Contains("GB/s") ? s.Memory : $"{s.Memory}; peak {Num(s.MemoryPeakGBps, "#,0.##")} GB/s", "memory");
        Row(html, "seed", s.Seed.ToString(CultureInfo.InvariantCulture), "seed");
        Row(html, "total cycles", Whole(s.TotalCycles), "total-cycles");
        foreach (var p in parts)
            Row(html, p.Label + " cycles", $"{Whole(p.Cycles)} ({Num(100.0 * p.Cycles / Math.Max(1, s.TotalCycles), "0.0")}%)",
                p.Class + "-cycles", $"<i class=\"swatch {p.Class}\"></i>");
        html.Append("</table>\n</section>\n");
    }

    private static void Card(StringBuilder html, string label, string value, string detail, string id, string cls = "")
    {
        html.Append("<div class=\"card ").Append(cls).Append("\"><div class=\"label\">").Append(E(label))
            .Append("</div><div class=\"value\" id=\"").Append(id).Append("\">").Append(E(value))
            .Append("</div><div class=\"detail\">").Append(E(detail)).Append("</div></div>\n");
    }

    private static void Row(StringBuilder html, string key, string value, string id, string prefix = "")
    {
        html.Append("<tr><th>").Append(prefix).Append(E(key)).Append("</th><td id=\"").Append(id).Append("\">")
            .Append(E(value)).Append("</td></tr>\n");
    }

    private static void Figure(StringBuilder html, RenderedPlot p)
    {
        // The plot carries its own title, so that it reads alone as well.
        html.Append("<figure id=\"plot-").Append(p.Plot.Name).Append("\">\n")
            .Append("<a href=\"").Append(E(p.SvgFile)).Append("\" title=\"open the SVG\"><img src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(p.Png)).Append("\" width=\"").Append(p.Plot.Width).Append("\" height=\"")
            .Append(p.Plot.Height).Append("\" alt=\"").Append(E(p.Plot.Title)).Append("\"></a>\n<figcaption>")
            .Append(E(p.Plot.Caption)).Append(" <a href=\"").Append(E(p.SvgFile)).Append("\">SVG</a></figcaption>\n</figure>\n");
    }

    private static void Layers(StringBuilder html, RunFiles run)
    {
        var header = run.LayerHeader.ToList();
        int nameAt = header.IndexOf("name"), bitExactAt = header.IndexOf("bit_exact");
        html.Append("<section id=\"layers\">\n<h2>Layers</h2>\n<p>One row per layer, as in <code>layers.csv</code>, its columns in groups ")
            .Append("(hover over a header for its name there). Percentages are of the PE-cycles a layer held the array: utilisation, ")
            .Append("mapping loss and stall loss add up to 100.</p>\n");
        foreach (var (group, number) in LayerTableColumns.For(header).Select((g, i) => (g, i + 1)))
        {
            html.Append("<h3>").Append(E(group.Title)).Append("</h3>\n<div class=\"scroll\">\n<table class=\"grid\" id=\"layer-table-").Append(number)
                .Append("\">\n<thead><tr><th>layer</th>");
            foreach (var c in group.Columns)
                html.Append("<th").Append(c.Format == CellFormat.Text ? " class=\"text\"" : "").Append(" title=\"").Append(E(c.Name)).Append("\">")
                    .Append(E(c.Header)).Append("</th>");
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in run.LayerRows)
            {
                bool bad = row[bitExactAt] != "true";
                html.Append("<tr data-layer=\"").Append(E(row[nameAt])).Append('"').Append(bad ? " class=\"bad\"" : "").Append('>')
                    .Append("<td data-col=\"name\">").Append(E(row[nameAt])).Append("</td>");
                foreach (var c in group.Columns)
                    html.Append("<td data-col=\"").Append(E(c.Name)).Append('"').Append(c.Format == CellFormat.Text ? " class=\"text\"" : "").Append('>')
                        .Append(E(LayerTableColumns.Show(c, row[header.IndexOf(c.Name)]))).Append("</td>");
                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n<tfoot><tr data-layer=\"total\"><td data-col=\"name\">total</td>");
            foreach (var c in group.Columns)
                html.Append("<td data-col=\"").Append(E(c.Name)).Append("\">").Append(E(Total(run, c, header.IndexOf(c.Name)))).Append("</td>");
            html.Append("</tr></tfoot>\n</table>\n</div>\n");
        }
        html.Append("</section>\n");
    }

    /// <summary>
    /// A column's total: the sum of whole numbers and of energy, the run's utilisation and bit-exactness; nothing for
    /// rates, other fractions and text.
    /// </summary>
    private static string Total(RunFiles run, TableColumn column, int at)
    {
        if (column.Name == "bit_exact") return run.Summary.BitExact ? "yes" : "NO";
        if (column.Name == "utilisation")
        {
            long pes = (long)run.Summary.PeRows * run.Summary.PeCols;
            return run.Summary.TotalCycles == 0 || pes == 0 ? "" : Num(100 * run.Summary.TotalMacs / ((double)run.Summary.TotalCycles * pes), "0.0");
        }
        var values = run.LayerRows.Select(r => r[at]).Where(v => v.Length > 0).ToList();
        var c = CultureInfo.InvariantCulture;
        return column.Format switch
        {
            CellFormat.Whole when values.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, c, out _)) => Whole(values.Sum(v => long.Parse(v, c))),
            CellFormat.Energy when values.All(v => double.TryParse(v, NumberStyles.Float, c, out _)) =>
                Num(values.Sum(v => double.Parse(v, NumberStyles.Float, c)), "#,0.000"),
            _ => "",
        };
    }

    private static void Energy(StringBuilder html, RunFiles run, RenderedPlot? plot)
    {
        html.Append("<section id=\"energy\">\n<h2>Energy</h2>\n");
        if (run.Energy == null)
        {
            html.Append("<p class=\"note\" id=\"energy-missing\">Energy model not available: this run has no <code>energy.csv</code>.</p>\n</section>\n");
            return;
        }
        var energy = run.Energy;
        var components = ReportPlots.Components(energy);
        var byLayer = energy.ToLookup(e => e.Layer);
        double maxLayer = run.Layers.Max(l => byLayer[l.Name].Sum(e => e.TotalPj));
        var (scale, unit) = ReportPlots.EnergyUnit(maxLayer);
        string F(double pj) => Num(pj / scale, "#,0.000");

        if (plot != null) Figure(html, plot);
        html.Append("<p>Dynamic + leakage energy per layer and component, in ").Append(E(unit))
            .Append(", from <code>energy.csv</code>. Total ").Append(E(F(energy.Sum(e => e.TotalPj)))).Append(' ').Append(E(unit))
            .Append(": dynamic ").Append(E(F(energy.Sum(e => e.DynamicPj)))).Append(", leakage ").Append(E(F(energy.Sum(e => e.LeakagePj))))
            .Append(".</p>\n<div class=\"scroll\">\n<table class=\"grid\" id=\"energy-table\">\n<thead><tr><th>layer</th>");
        foreach (var c in components) html.Append("<th>").Append(E(c)).Append("</th>");
        html.Append("<th>total</th></tr></thead>\n<tbody>\n");
        foreach (var l in run.Layers)
        {
            var rows = byLayer[l.Name].ToList();
            html.Append("<tr data-layer=\"").Append(E(l.Name)).Append("\"><td data-col=\"layer\">").Append(E(l.Name)).Append("</td>");
            foreach (var c in components)
            {
                var r = rows.FirstOrDefault(e => e.Component == c);
                html.Append("<td data-col=\"").Append(E(c)).Append("\"");
                if (r != null) html.Append(" title=\"").Append(E($"dynamic {F(r.DynamicPj)}, leakage {F(r.LeakagePj)} {unit}")).Append('"');
                html.Append('>').Append(r == null ? "–" : E(F(r.TotalPj))).Append("</td>");
            }
            html.Append("<td data-col=\"total\">").Append(E(F(rows.Sum(e => e.TotalPj)))).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n<tfoot><tr data-layer=\"total\"><td>total</td>");
        foreach (var c in components) html.Append("<td data-col=\"").Append(E(c)).Append("\">").Append(E(F(energy.Where(e => e.Component == c).Sum(e => e.TotalPj)))).Append("</td>");
        html.Append("<td data-col=\"total\">").Append(E(F(energy.Sum(e => e.TotalPj)))).Append("</td></tr></tfoot>\n</table>\n</div>\n</section>\n");
    }

    private static void Timeline(StringBuilder html, RunFiles run)
    {
        html.Append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
        if (run.Timeline == null)
        {
            html.Append("<p class=\"note\">This run has no <code>timeline.json</code>.</p>\n</section>\n");
            return;
        }
        var tracks = run.Timeline.GroupBy(i => i.Track).Select(g => (Track: g.Key, Count: g.Count())).ToList();
        html.Append("<p><a href=\"").Append(RunFiles.TimelineFile).Append("\"><code>").Append(RunFiles.TimelineFile).Append("</code></a> holds ")
            .Append(Whole(run.Timeline.Count)).Append(" intervals: what each unit did when, layer after layer. To see it, open ")
            .Append("<a href=\"https://ui.perfetto.dev\">ui.perfetto.dev</a>, choose <em>Open trace file</em> and pick this file ")
            .Append("(Perfetto reads it in the browser; nothing is uploaded). <kbd>W</kbd>/<kbd>S</kbd> zoom, <kbd>A</kbd>/<kbd>D</kbd> pan; ")
            .Append("click an interval for its layer, step and bytes. <code>chrome://tracing</code> opens it too.</p>\n");
        if (run.TimelineTruncated)
            html.Append("<p class=\"note\">The timeline stopped recording after its interval limit; later layers are missing from it and from the bandwidth plot.</p>\n");
        html.Append("<table class=\"grid narrow\" id=\"track-table\"><thead><tr><th>track</th><th>intervals</th></tr></thead>\n<tbody>\n");
        foreach (var (track, count) in tracks)
            html.Append("<tr><td>").Append(E(track)).Append("</td><td>").Append(Whole(count)).Append("</td></tr>\n");
        html.Append("</tbody></table>\n</section>\n");
    }

    private static string Whole(long v) => v.ToString("#,0", CultureInfo.InvariantCulture);
    private static string Num(double v, string format = "0.###") => v.ToString(format, CultureInfo.InvariantCulture);
    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string ImageCheck = """
        // Marks the page with how many of its images loaded, for a headless browser to read back.
        window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images);
          var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
          document.body.setAttribute('data-images', loaded + '/' + images.length);
        });

        """;

    private const string Css = """
        :root { --compute: #3b7dd8; --dram: #e4572e; --link: #a05fc7; --idle: #b8b8b8; --ink: #222; --muted: #666; --line: #e2e2e2; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #f6f7f9; }
        main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; min-height: 100vh; }
        h1 { margin: 0; font-size: 28px; }
        h2 { margin: 36px 0 12px; font-size: 21px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { margin: 0 0 6px; font-size: 16px; }
        .sub { margin: 4px 0 10px; color: var(--muted); }
        nav a { margin-right: 14px; color: var(--compute); text-decoration: none; }
        nav a:hover, figcaption a:hover { text-decoration: underline; }
        .note { background: #fff6e0; border-left: 4px solid #f0a202; padding: 8px 12px; }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 14px; }
        .card { flex: 1 1 180px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
        .card .label { color: var(--muted); font-size: 13px; }
        .card .value { font-size: 22px; font-weight: bold; font-variant-numeric: tabular-nums; }
        .card .detail { color: var(--muted); font-size: 13px; }
        .card.good .value { color: #1d8a4c; } .card.bad .value { color: #c62828; }
        .split { display: flex; height: 18px; border-radius: 3px; overflow: hidden; margin: 4px 0 12px; }
        .split span, .swatch { display: inline-block; }
        .compute { background: var(--compute); } .dram { background: var(--dram); } .link { background: var(--link); } .idle { background: var(--idle); }
        .card.compute, .card.dram { background: none; }
        .swatch { width: 11px; height: 11px; border-radius: 2px; margin-right: 7px; vertical-align: -1px; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        .kv th { text-align: left; font-weight: normal; color: var(--muted); padding: 3px 24px 3px 0; }
        .kv td { padding: 3px 0; }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; margin-bottom: 14px; }
        .grid { font-size: 13px; width: 100%; }
        .grid.narrow { width: auto; border: 1px solid var(--line); }
        .grid th { background: #f0f2f5; text-align: right; vertical-align: bottom; padding: 6px 8px; font-weight: 600; }
        .grid td { text-align: right; padding: 4px 8px; border-top: 1px solid var(--line); white-space: nowrap; }
        .grid th:first-child, .grid td:first-child, .grid td.text, .grid th.text { text-align: left; }
        .grid tbody tr { background: #fff; } .grid tbody tr:nth-child(even) { background: #fafbfc; }
        .grid tfoot tr { background: #f0f2f5; font-weight: 600; }
        .grid tr.bad { background: #fde8e8; }
        #track-table td:first-child { padding-right: 24px; }
        figure { margin: 18px 0 28px; }
        figure img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; display: block; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; max-width: 900px; }
        kbd { border: 1px solid #ccc; border-radius: 3px; padding: 0 4px; font-size: 12px; background: #fafafa; }
        footer { margin-top: 40px; color: var(--muted); font-size: 13px; }

        """;
}
