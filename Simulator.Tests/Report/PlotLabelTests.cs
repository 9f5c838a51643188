using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Sim.Tests.Report;

/// <summary>
/// The plots of a whole network's report (zoo/resnet50) in a real browser: a page that holds each plot's SVG, as
/// the report drew it, asks Chromium where every text element landed (its bounding box, rotation included) and
/// writes how many pairs in one plot overlap; none may. The boxes are the browser's, not the plot code's.
/// </summary>
[NonParallelizable]
public class PlotLabelTests
{
    /// <summary>
    /// Marks the body with, per plot, its text count and the pairs of texts whose boxes overlap by more than a
    /// hairline (half a pixel each way: boxes that merely touch are apart).
    /// </summary>
    private const string OverlapScript = """
        var result = [];
        document.querySelectorAll('div.plot').forEach(function (plot) {
          var boxes = Array.prototype.slice.call(plot.querySelectorAll('text'))
            .filter(function (t) { return t.textContent.trim().length > 0; })
            .map(function (t) { var r = t.getBoundingClientRect(); return { text: t.textContent.trim(), l: r.left, r: r.right, t: r.top, b: r.bottom }; });
          var overlaps = [];
          for (var i = 0; i < boxes.length; i++)
            for (var j = i + 1; j < boxes.length; j++) {
              var a = boxes[i], b = boxes[j];
              if (Math.min(a.r, b.r) - Math.max(a.l, b.l) > 0.5 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 0.5)
                overlaps.push(a.text + ' / ' + b.text);
            }
          result.push(plot.id + ':' + boxes.length + ':' + overlaps.join('; '));
        });
        document.body.setAttribute('data-labels', result.join('|'));

        """;

    private static string Page(IEnumerable<(string Name, string Svg)> plots)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
        foreach (var (name, svg) in plots)
            html.Append("<div class=\"plot\" id=\"").Append(name).Append("\">").Append(Regex.Replace(svg, @"<\?xml[^>]*\?>", "")).Append("</div>\n");
        return html.Append("<script>\n").Append(OverlapScript).Append("</script>\n</body></html>\n").ToString();
    }

    /// <summary>Each plot's text count and overlapping pairs, as the page found them.</summary>
    private static Dictionary<string, (int Texts, string Overlaps)> Measure(string page)
    {
        string root = ReportTestSupport.NewTempDir("labels");
        try
        {
            string path = Path.Combine(root, "labels.html");
            File.WriteAllText(path, page);
            string dom = BrowserTests.DumpDom(path);
            string verdict = System.Net.WebUtility.HtmlDecode(Regex.Match(dom, "data-labels=\"([^\"]*)\"").Groups[1].Value);
            return verdict.Split('|').Select(p => p.Split(':', 3))
                .ToDictionary(p => p[0], p => (int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p[2]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void NoTwoTextsOfAPlotOverlapOnAWholeNetwork()
    {
        string plots = Path.Combine(Resnet50Report.Directory, "plots");
        var names = new[] { "latency", "energy", "utilisation", "roofline", "bandwidth" };
        var found = Measure(Page(names.Select(n => (n, File.ReadAllText(Path.Combine(plots, n + ".svg"))))));
        Assert.That(found.Keys, Is.EquivalentTo(names));
        // 56 layers with a unit of their own: a name each on the per-layer plots, besides titles and ticks.
        foreach (var n in new[] { "latency", "energy", "utilisation" })
            Assert.That(found[n].Texts, Is.GreaterThan(56), n);
        foreach (var n in names)
            Assert.That(found[n].Overlaps, Is.Empty, n);
    }

    [Test]
    public void ThePageFindsOverlapsWhereThereAreSome()
    {
        // Two texts at one place overlap; a third far away does not.
        const string svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" font-family="DejaVu Sans" font-size="12">
            <text x="10" y="20">first</text><text x="14" y="22">second</text><text x="300" y="150">far</text>
            </svg>
            """;
        var found = Measure(Page([("sample", svg)]));
        Assert.That(found["sample"].Texts, Is.EqualTo(3));
        Assert.That(found["sample"].Overlaps, Is.EqualTo("first / second"));
    }
}
