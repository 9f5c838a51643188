using System.Text.Json;
using Sim.Config;
using Sim.Memory.Dram;
using Sim.Run;
using Sim.Tests.Config;
using Sim.Tests.Run;
using Sim.Timeline;

namespace Sim.Tests.Report;

/// <summary>`sim run`'s timeline.json: Chrome trace-event JSON with every unit's track and each DRAM channel's.</summary>
public class TimelineTests
{
    private string _root = "";
    private JsonDocument _trace = null!;
    private JsonDocument _summary = null!;

    private sealed record Event(string Track, string Name, string Layer, double Ts, double Dur, long Bytes);

    private List<Event> _events = [];

    [OneTimeSetUp]
    public void RunOnHbm()
    {
        // HBM2: eight channels, so eight DRAM tracks.
        _root = ReportTestSupport.NewTempDir("timeline");
        string dir = ReportTestSupport.Run("ws-32x32-int8-hbm2", _root);
        _trace = ReportTestSupport.Json(Path.Combine(dir, "timeline.json"));
        _summary = ReportTestSupport.Json(Path.Combine(dir, "summary.json"));
        var events = _trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var tracks = events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("tid").GetInt32(), e => e.GetProperty("args").GetProperty("name").GetString()!);
        _events = events.Where(e => e.GetProperty("ph").GetString() == "X")
            .Select(e => new Event(tracks[e.GetProperty("tid").GetInt32()], e.GetProperty("name").GetString()!, e.GetProperty("cat").GetString()!,
                e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble(),
                e.GetProperty("args").TryGetProperty("bytes", out var b) ? b.GetInt64() : -1))
            .ToList();
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _trace?.Dispose();
        _summary?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void HasEveryUnitsTrack()
    {
        var tracks = _events.Select(e => e.Track).Distinct().ToList();
        Assert.That(tracks, Is.SupersetOf(new[]
        {
            "pe_array", "vector", "dma loads, buffer 0", "dma loads, buffer 1", "dma stores #1",
            "host link to device", "host link to host", "layer", "layers (even)", "layers (odd)",
        }));
        Assert.That(tracks.Where(t => t.StartsWith("dram channel ")).Order(),
            Is.EqualTo(Enumerable.Range(0, 8).Select(c => $"dram channel {c}").Order()));
        Assert.That(_trace.RootElement.TryGetProperty("note", out _), Is.False, "not truncated");
        // The ReLU runs in the conv's output stage: it has no interval of its own.
        Assert.That(_events.Select(e => e.Layer).Distinct().Order(), Is.EqualTo(new[] { "conv", "fc", "pool" }));
    }

    [Test]
    public void IntervalsOfATrackNeverOverlap()
    {
        foreach (var track in _events.GroupBy(e => e.Track))
        {
            var sorted = track.OrderBy(e => e.Ts).ToList();
            Assert.That(sorted.All(e => e.Dur >= 0), track.Key);
            for (int i = 1; i < sorted.Count; i++)
                // ts and dur are rounded to the picosecond: allow for one rounding of each.
                Assert.That(sorted[i].Ts, Is.GreaterThanOrEqualTo(sorted[i - 1].Ts + sorted[i - 1].Dur - 2e-6),
                    $"{track.Key}: interval at {sorted[i].Ts} us starts before the one at {sorted[i - 1].Ts} us ends");
        }
    }

    [Test]
    public void TileDurationsAddUpToEachLayersComputeCycles()
    {
        double mhz = _summary.RootElement.GetProperty("clock_mhz").GetDouble();
        foreach (var layer in _summary.RootElement.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            string unit = layer.GetProperty("unit").GetString()!;
            if (layer.GetProperty("fused_into").ValueKind != JsonValueKind.Null) continue;
            var tiles = _events.Where(e => e.Layer == name && e.Name == "tile").ToList();
            Assert.That(tiles.Select(t => t.Track).Distinct(), Is.EqualTo(new[] { unit }), name);
            Assert.That(tiles, Has.Count.EqualTo(layer.GetProperty("tiles").GetInt64()), name);
            Assert.That(Math.Round(tiles.Sum(t => t.Dur) * mhz, 3), Is.EqualTo(layer.GetProperty("compute_cycles").GetInt64()), name);
        }
    }

    [Test]
    public void LayersOverlapOnlyTheirNeighbours()
    {
        // Each layer's span (its interval on a layer track) holds every interval recorded for it, is as long
        // as its cycles, starts no earlier than the span before it and ends no later than the run. (Its input
        // may go up the host link earlier, while the layers before it compute.)
        double mhz = _summary.RootElement.GetProperty("clock_mhz").GetDouble();
        double runEnd = _summary.RootElement.GetProperty("total_cycles").GetInt64() / mhz;
        double previousStart = 0;
        foreach (var layer in _summary.RootElement.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            if (layer.GetProperty("fused_into").ValueKind != JsonValueKind.Null) continue;
            var span = _events.Single(e => e.Layer == name && e.Track.StartsWith("layers ("));
            Assert.That(span.Dur * mhz, Is.EqualTo((double)layer.GetProperty("cycles").GetInt64()).Within(1.0), name);
            Assert.That(span.Ts, Is.GreaterThanOrEqualTo(previousStart), name);
            Assert.That(span.Ts + span.Dur, Is.LessThanOrEqualTo(runEnd + 1e-6), name);
            foreach (var e in _events.Where(e => e.Layer == name && !e.Track.StartsWith("dram channel") && e.Track != "host link to device"))
            {
                Assert.That(e.Ts, Is.GreaterThanOrEqualTo(span.Ts - 1e-6), $"{name}: {e.Track}");
                Assert.That(e.Ts + e.Dur, Is.LessThanOrEqualTo(span.Ts + span.Dur + 1e-6), $"{name}: {e.Track}");
            }
            previousStart = span.Ts;
        }
    }

    [Test]
    public void DramTracksCarryEveryByteMoved()
    {
        // Bursts cover whole blocks of the bus, so the data bus carries at least the bytes asked for,
        // and at most a burst more per transfer edge. The DMA intervals are each layer's own; the bus is
        // shared by neighbouring layers, so it is summed over the run (after the weights' preload).
        long moved = 0;
        foreach (var layer in _summary.RootElement.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            long bytes = layer.GetProperty("dram_bytes_read").GetInt64() + layer.GetProperty("dram_bytes_written").GetInt64();
            long dmaBytes = _events.Where(e => e.Layer == name && e.Track.StartsWith("dma ")).Sum(e => e.Bytes);
            Assert.That(dmaBytes, Is.EqualTo(bytes), $"{name}: DMA intervals' bytes");
            moved += bytes;
        }
        long onBus = _events.Where(e => e.Track.StartsWith("dram channel")).Sum(e => e.Bytes);
        Assert.That(onBus, Is.GreaterThanOrEqualTo(moved), "DRAM data-bus bytes");
        Assert.That(onBus, Is.LessThan(moved * 2 + 4096));
    }

    [Test]
    public void RecordingATimelineChangesNoResult()
    {
        var hw = TestScenarios.Array16() with
        {
            Memory = new DramMemoryConfig(DramConfigLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml"))),
        };
        var scenario = TestScenarios.Of(hw, TestScenarios.Conv("conv", c: 5, h: 12, w: 12, oc: 20, k: 3), new GemmLayer("fc", 5, 70, 40));
        var plain = ScenarioRunner.Run(scenario);
        var timeline = new TimelineRecorder();
        var recorded = ScenarioRunner.Run(scenario, timeline: timeline);
        Assert.That(timeline.Count, Is.GreaterThan(0));
        for (int i = 0; i < plain.Layers.Count; i++)
        {
            var (a, b) = (plain.Layers[i], recorded.Layers[i]);
            Assert.That(b.Timing, Is.EqualTo(a.Timing), a.Name);
            Assert.That((b.DramBytesRead, b.DramBytesWritten, b.Dram!.Activates, b.Dram.Refreshes),
                Is.EqualTo((a.DramBytesRead, a.DramBytesWritten, a.Dram!.Activates, a.Dram.Refreshes)), a.Name);
        }
    }
}
