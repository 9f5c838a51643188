using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Config;
using Sim.Profiling;
using Sim.Scenarios;
using Sim.Report;
using Sim.Tests.Run;

namespace Sim.Tests.Report;

/// <summary>
/// The report page of a pipelined batch on two cores shows its throughput, energy and latency per inference and each
/// core's utilisation, as summary.json gives them: inferences/s worked out from the run's latency and the batch.
/// </summary>
public class BatchCardsTests
{
    [Test]
    public void ThroughputAndCoreCardsShowTheSummarysFigures()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sim-batch-cards-" + Guid.NewGuid().ToString("N"));
        try
        {
            var scenario = TestScenarios.Of(TestScenarios.Array16() with { Cores = 2 },
                    TestScenarios.Conv("a", 8, 8, 8, 16, 3, pad: 1).Batched(3), TestScenarios.Conv("b", 16, 8, 8, 16, 3, pad: 1).Batched(3))
                with { Batch = 3, Execution = ExecutionConfig.Default with { Pipeline = true } };
            RunAndReport.Execute(scenario, folder, RunPhases.Off);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
            var root = summary.RootElement;
            string html = File.ReadAllText(Path.Combine(folder, "index.html"));
            // A card's value and detail, "value | detail".
            string Card(string id) => WebUtility.HtmlDecode(Regex.Replace(
                Regex.Match(html, $"id=\"{id}\">[^<]*</div><div class=\"detail\">[^<]*").Value, $"id=\"{id}\">([^<]*)</div><div class=\"detail\">", "$1 | "));

            double perSecond = 3 * 1e6 / root.GetProperty("latency_us").GetDouble();
            string throughput = Card("inferences-per-s");
            Assert.That(throughput, Does.StartWith(perSecond.ToString("#,0.###", CultureInfo.InvariantCulture) + " inferences/s | batch 3; "));
            Assert.That(throughput, Does.Contain(
                $"each inference {root.GetProperty("latency_per_inference_us_mean").GetDouble().ToString("#,0.###", CultureInfo.InvariantCulture)} µs on average"));

            var utilisation = root.GetProperty("cores").EnumerateArray().Select(c => c.GetProperty("utilisation").GetDouble()).ToArray();
            Assert.That(utilisation, Has.Length.EqualTo(2));
            Assert.That(Card("cores"), Is.EqualTo("2 cores | utilisation " +
                string.Join(", ", utilisation.Select((u, c) => $"core {c} {(100 * u).ToString("0.0", CultureInfo.InvariantCulture)}%"))));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
