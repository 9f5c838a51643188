using System.Security.Cryptography;
using ScottPlot;
using Sim.Cli;
using Sim.Config;
using Sim.Report;

namespace Sim.Tests.Report;

/// <summary>The report folder `sim run` writes and `sim report` redraws: its files, plots, page and errors.</summary>
public class ReportTests
{
    private static readonly string[] Plots = ["latency", "utilisation", "roofline", "bandwidth"];
    private string _root = "";
    private string _dir = "";

    [OneTimeSetUp]
    public void RunOnDdr4()
    {
        _root = ReportTestSupport.NewTempDir("report");
        _dir = ReportTestSupport.Run("ws-16x16-int8", _root);
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(_root, recursive: true);

    /// <summary>A copy of the run's folder that a test may change.</summary>
    private string Copy()
    {
        string copy = ReportTestSupport.NewTempDir("report-copy");
        foreach (var file in Directory.GetFiles(_dir)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Test]
    public void RunWritesTheWholeFolderAndNothingHalfWritten()
    {
        var files = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_dir, f).Replace('\\', '/')).Order();
        string[] plots = [.. Plots, "energy"];
        var expected = new[] { "actions.csv", "energy.csv", "index.html", "layers.csv", "summary.json", "timeline.json" }
            .Concat(plots.SelectMany(p => new[] { $"plots/{p}.png", $"plots/{p}.svg" })).Order();
        Assert.That(files, Is.EqualTo(expected));
        string html = File.ReadAllText(Path.Combine(_dir, "index.html"));
        Assert.That(html, Does.Not.Contain("Energy model not available"));
        Assert.That(System.Text.RegularExpressions.Regex.Count(html, "<img src=\"data:image/png;base64,"), Is.EqualTo(plots.Length));
        foreach (var p in plots) Assert.That(html, Does.Contain($"href=\"plots/{p}.svg\""));
    }

    [Test]
    public void PlotsAreSvgWithTextInTheShippedFont()
    {
        foreach (var p in Plots)
        {
            string svg = File.ReadAllText(Path.Combine(_dir, "plots", p + ".svg"));
            Assert.That(svg, Does.StartWith("<svg").Or.StartWith("<?xml"), p);
            Assert.That(svg, Does.Contain("font-family=\"DejaVu Sans\""), p);
            var png = File.ReadAllBytes(Path.Combine(_dir, "plots", p + ".png"));
            Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), p);
        }
    }

    [Test]
    public void EveryLayerColumnHasAHeaderForPeopleInOneGroup()
    {
        // Else a column would fall into the page's "Other" table under its CSV name.
        var grouped = LayerTableColumns.Groups.SelectMany(g => g.Columns).Select(c => c.Name).ToList();
        Assert.That(grouped, Is.Unique);
        Assert.That(grouped.Append("name"), Is.EquivalentTo(Sim.Run.LayerColumns.All.Select(c => c.Name)));
    }

    [Test]
    public void TextIsDrawnIntoPngs()
    {
        // ScottPlot draws nothing, silently, for text it has no font for: then two titles of the
        // same length would give the same picture.
        Assert.That(PlotFont.Load(), Is.True, PlotFont.Missing);
        byte[] Draw(string title)
        {
            using var plot = new Plot();
            plot.Font.Set(PlotFont.Family);
            plot.Title(title);
            return plot.GetImageBytes(300, 200, ImageFormat.Png);
        }
        Assert.That(Draw("Sim"), Is.Not.EqualTo(Draw("Mis")));
    }

    [Test]
    public void RedrawingGivesTheSameBytes()
    {
        string copy = Copy();
        try
        {
            ReportBuilder.Redraw(copy);
            var first = Hashes(copy);
            ReportBuilder.Redraw(copy);
            var second = Hashes(copy);
            Assert.That(second.Where(kv => first[kv.Key] != kv.Value).Select(kv => kv.Key), Is.Empty, "files that changed");
            // And the same as `sim run` drew: the report is a function of the run's files alone.
            foreach (var p in Plots)
                Assert.That(File.ReadAllBytes(Path.Combine(copy, "plots", p + ".png")),
                    Is.EqualTo(File.ReadAllBytes(Path.Combine(_dir, "plots", p + ".png"))), p);
            Assert.That(File.ReadAllText(Path.Combine(copy, "index.html")),
                Is.EqualTo(File.ReadAllText(Path.Combine(_dir, "index.html")).Replace(_dir, copy)));
        }
        finally { Directory.Delete(copy, recursive: true); }
    }

    [Test]
    public void EnergyCsvAddsThePlotAndTable()
    {
        string copy = Copy();
        try
        {
            File.Copy(ReportTestSupport.EnergySample, Path.Combine(copy, "energy.csv"), overwrite: true);
            var stdout = new StringWriter();
            Assert.That(ReportCommand.Execute(copy, stdout, new StringWriter()), Is.Zero);
            Assert.That(File.Exists(Path.Combine(copy, "plots", "energy.png")) && File.Exists(Path.Combine(copy, "plots", "energy.svg")), Is.True);
            string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(copy, "index.html")));
            Assert.That(html, Does.Not.Contain("Energy model not available"));
            Assert.That(html, Does.Contain("id=\"energy-table\""));
            // conv: 1,250,000 + 40,000 + 310,000 + 22,000 + 2,400,000 pJ = 4.022 µJ, the largest layer, so in µJ.
            Assert.That(html, Does.Contain("<td data-col=\"total\">4.022</td>"));
            // The whole run: 5,139,000 pJ (dynamic 5,062,000, leakage 77,000).
            Assert.That(html, Does.Contain("Total 5.139 µJ: dynamic 5.062, leakage 0.077"));

            // Without energy.csv again, the energy plot goes too.
            File.Delete(Path.Combine(copy, "energy.csv"));
            ReportBuilder.Redraw(copy);
            Assert.That(File.Exists(Path.Combine(copy, "plots", "energy.png")), Is.False);
            Assert.That(File.ReadAllText(Path.Combine(copy, "index.html")), Does.Contain("Energy model not available"));
        }
        finally { Directory.Delete(copy, recursive: true); }
    }

    private static readonly (string File, Func<string, string> Edit, string Message)[] BadFiles =
    [
        ("summary.json", _ => "{ \"scenario\": ", "summary.json: not valid JSON"),
        ("summary.json", s => s.Replace("\"pe_rows\"", "\"rows\""), "summary.json: 'pe_rows' is missing"),
        ("summary.json", s => s.Replace("\"total_cycles\": ", "\"total_cycles\": \"many\", \"x\": "), "summary.json: 'total_cycles' should be a whole number"),
        ("layers.csv", s => s.Replace("compute_cycles", "compute"), "layers.csv:1: column 'compute_cycles' is missing"),
        ("layers.csv", s => s.Replace("\nrelu,relu,", "\nrelu,relu,x,"), "layers.csv:3: "),
        ("layers.csv", s => s.Split('\n')[0] + "\n", "layers.csv: no layers"),
        ("layers.csv", s => s + s.Split('\n')[4] + "\n", "layers.csv:6: layer 'fc' appears twice"),
        ("layers.csv", s => string.Join('\n', s.Split('\n')[..4]) + "\n", "layers.csv: 3 layers, but"),
        ("timeline.json", _ => "[1, 2]", "timeline.json: expected Chrome trace-event JSON"),
        ("energy.csv", _ => "layer,component,dynamic_pj\nconv,pe,1\n", "energy.csv:1: column 'leakage_pj' is missing"),
        ("energy.csv", _ => "layer,component,dynamic_pj,leakage_pj\nconv,pe,lots,0\n", "energy.csv:2: dynamic_pj: expected picojoules"),
        ("energy.csv", _ => "layer,component,dynamic_pj,leakage_pj\nconv2,pe,1,0\n", "energy.csv:2: layer 'conv2' is not a layer of this run"),
        ("energy.csv", _ => "layer,component,dynamic_pj,leakage_pj\nconv,pe,1,0\nconv,pe,2,0\n", "energy.csv:3: layer 'conv', component 'pe' appears twice"),
    ];

    [TestCaseSource(nameof(BadFiles))]
    public void BadFilesAreOneLineInputErrors((string File, Func<string, string> Edit, string Message) bad)
    {
        string copy = Copy();
        try
        {
            string path = Path.Combine(copy, bad.File);
            File.WriteAllText(path, bad.Edit(File.Exists(path) ? File.ReadAllText(path) : ""));
            var before = File.ReadAllText(Path.Combine(copy, "index.html"));
            var error = Assert.Throws<InputError>(() => ReportCommand.Execute(copy, new StringWriter(), new StringWriter()))!;
            Assert.That(error.Message, Does.StartWith("error: " + path[..^bad.File.Length]).And.Contain(bad.Message));
            Assert.That(error.Message, Does.Not.Contain('\n'));
            // The page of the good run stays as it was.
            Assert.That(File.ReadAllText(Path.Combine(copy, "index.html")), Is.EqualTo(before));
        }
        finally { Directory.Delete(copy, recursive: true); }
    }

    [Test]
    public void MissingFolderOrFilesAreInputErrors()
    {
        string nowhere = Path.Combine(_root, "nowhere");
        Assert.That(Assert.Throws<InputError>(() => ReportBuilder.Redraw(nowhere))!.Message,
            Is.EqualTo($"error: {nowhere}: no such folder"));
        Assert.That(Assert.Throws<InputError>(() => ReportBuilder.Redraw("/etc/passwd"))!.Message, Is.EqualTo("error: /etc/passwd: is a file, not a folder"));
        string copy = Copy();
        try
        {
            File.Delete(Path.Combine(copy, "layers.csv"));
            Assert.That(Assert.Throws<InputError>(() => ReportBuilder.Redraw(copy))!.Message,
                Is.EqualTo($"error: {Path.Combine(copy, "layers.csv")}: no such file (run 'sim run' to write the run's files)"));
            // timeline.json is optional: without it the page says so and draws no bandwidth plot.
            string second = Copy();
            try
            {
                File.Delete(Path.Combine(second, "timeline.json"));
                var result = ReportBuilder.Redraw(second);
                Assert.That(result.PlotFiles.Select(Path.GetFileName), Does.Not.Contain("bandwidth.png"));
                Assert.That(File.ReadAllText(result.IndexPath), Does.Contain("This run has no <code>timeline.json</code>"));
            }
            finally { Directory.Delete(second, recursive: true); }
        }
        finally { Directory.Delete(copy, recursive: true); }
    }
}
