using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sim.Tests.Report;

/// <summary>
/// The report page in a real browser: headless Chromium (Debian's chromium, installed by
/// .ci/setup; SIM_CHROMIUM may name another) loads index.html from disk, runs its scripts, and
/// dumps the DOM, which must show every image loaded and the run's own numbers in its tables.
/// </summary>
[NonParallelizable]
public class BrowserTests
{
    private string _root = "";
    private string _dir = "";

    [OneTimeSetUp]
    public void RunWithEnergy()
    {
        _root = ReportTestSupport.NewTempDir("browser");
        _dir = ReportTestSupport.Run("ws-16x16-int8", _root);
        File.Copy(ReportTestSupport.EnergySample, Path.Combine(_dir, "energy.csv"), overwrite: true);
        Sim.Report.ReportBuilder.Redraw(_dir);
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(_root, recursive: true);

    private static string Chromium =>
        Environment.GetEnvironmentVariable("SIM_CHROMIUM") is { Length: > 0 } chosen ? chosen : "chromium";

    /// <summary>The DOM of the page at <paramref name="page"/> after its scripts ran, as Chromium serialises it.</summary>
    internal static string DumpDom(string page)
    {
        string profile = ReportTestSupport.NewTempDir("chromium-profile");
        try
        {
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom",
                         new Uri(page).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            Process process;
            try { process = Process.Start(start)!; }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Fail($"'{Chromium}' not found: install Debian's chromium (bash .ci/setup) or set SIM_CHROMIUM");
                throw;
            }
            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync();
                string dom = process.StandardOutput.ReadToEnd();
                Assert.That(process.WaitForExit(60_000), Is.True, "chromium did not finish within a minute");
                Assert.That(process.ExitCode, Is.Zero, stderr.Result);
                return dom;
            }
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static readonly string[] Percentages = ["utilisation", "mapping_loss", "stall_loss", "dram_row_hit_rate"];

    [Test]
    public void PageLoadsEveryImageAndShowsTheRunsNumbers()
    {
        string dom = DumpDom(Path.Combine(_dir, "index.html"));
        using var summary = ReportTestSupport.Json(Path.Combine(_dir, "summary.json"));
        var root = summary.RootElement;

        // Every image decoded: the page's script writes loaded/total on the body once all have loaded.
        int images = Regex.Count(dom, "<img ");
        Assert.That(images, Is.EqualTo(5), "latency, utilisation, roofline, bandwidth and energy plots");
        Assert.That(Regex.Match(dom, "<body data-images=\"([^\"]*)\"").Groups[1].Value, Is.EqualTo($"{images}/{images}"));

        string Text(string id) =>
            WebUtility.HtmlDecode(Regex.Match(dom, $"id=\"{id}\"[^>]*>([^<]*)<").Groups[1].Value);
        string Whole(long v) => v.ToString("#,0", CultureInfo.InvariantCulture);

        Assert.That(Text("total-cycles"), Is.EqualTo(Whole(root.GetProperty("total_cycles").GetInt64())));
        Assert.That(Text("total-macs"), Is.EqualTo(Whole(root.GetProperty("total_macs").GetInt64())));
        Assert.That(Text("bit-exact"), Is.EqualTo(root.GetProperty("bit_exact").GetBoolean() ? "yes" : "NO"));
        Assert.That(Text("scenario"), Is.EqualTo(root.GetProperty("scenario").GetString()));
        Assert.That(Text("latency-us"), Is.EqualTo(root.GetProperty("latency_us").GetDouble().ToString("#,0.000", CultureInfo.InvariantCulture) + " µs"));

        // Each layer's row holds its figures from summary.json, whichever of the tables they fell in.
        foreach (var layer in root.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            var cells = Regex.Matches(dom, $"<tr data-layer=\"{Regex.Escape(name)}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline)
                .SelectMany(row => Regex.Matches(row.Groups[1].Value, "<td data-col=\"([^\"]+)\"[^>]*>([^<]*)</td>"))
                .GroupBy(m => m.Groups[1].Value)
                .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));
            foreach (var property in layer.EnumerateObject())
            {
                if (property.Name == "mismatch") continue;
                Assert.That(cells, Does.ContainKey(property.Name), $"{name}: column {property.Name} is shown");
                string expected = property.Value.ValueKind switch
                {
                    // Fractions of one as percentages, energy to the nanojoule, rates to two decimals.
                    JsonValueKind.Number when Percentages.Contains(property.Name) => (100 * property.Value.GetDouble()).ToString("0.0", CultureInfo.InvariantCulture),
                    JsonValueKind.Number when property.Name == "energy_uj" => property.Value.GetDouble().ToString("#,0.000", CultureInfo.InvariantCulture),
                    JsonValueKind.Number when property.Name == "dram_gbps" => property.Value.GetDouble().ToString("#,0.00", CultureInfo.InvariantCulture),
                    JsonValueKind.Number when property.Value.TryGetInt64(out long v) => Whole(v),
                    JsonValueKind.Number => property.Value.GetDouble().ToString("0.######", CultureInfo.InvariantCulture),
                    JsonValueKind.True => "yes",
                    JsonValueKind.False => "NO",
                    JsonValueKind.Null => "–",
                    _ => property.Value.GetString()!,
                };
                Assert.That(cells[property.Name], Is.EqualTo(expected), $"{name}: {property.Name}");
            }
        }

        // Columns in groups, headed for people with their units, the CSV name on hover.
        Assert.That(dom, Does.Contain("<h3>Time (core cycles)</h3>"));
        Assert.That(dom, Does.Contain("<th title=\"utilisation\">utilisation (%)</th>"));
        Assert.That(dom, Does.Contain("<th title=\"energy_uj\">energy (µJ)</th>"));

        // The energy table: conv's total, 4,022,000 pJ, shown in µJ.
        Assert.That(dom, Does.Contain("<tr data-layer=\"conv\"><td data-col=\"layer\">conv</td>"));
        Assert.That(Regex.IsMatch(dom, "id=\"energy-table\".*<tr data-layer=\"conv\">.*?<td data-col=\"total\">4\\.022</td>", RegexOptions.Singleline), Is.True);
        Assert.That(dom, Does.Not.Contain("energy-missing"));
    }
}
