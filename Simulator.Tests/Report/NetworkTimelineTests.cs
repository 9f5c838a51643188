using System.Globalization;
using System.Text.Json;

namespace Sim.Tests.Report;

/// <summary>The timeline of a whole network (zoo/resnet50, 121 layers): its layer track and its tracks' intervals.</summary>
public class NetworkTimelineTests
{
    private sealed record Event(string Track, string Name, string Layer, double Ts, double Dur);

    private List<Event> _events = [];
    private List<Dictionary<string, string>> _layers = [];
    private double _mhz;

    [OneTimeSetUp]
    public void ReadResnet50()
    {
        string dir = Resnet50Report.Directory;
        using var trace = ReportTestSupport.Json(Path.Combine(dir, "timeline.json"));
        var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var tracks = events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("tid").GetInt32(), e => e.GetProperty("args").GetProperty("name").GetString()!);
        _events = events.Where(e => e.GetProperty("ph").GetString() == "X")
            .Select(e => new Event(tracks[e.GetProperty("tid").GetInt32()], e.GetProperty("name").GetString()!, e.GetProperty("cat").GetString()!,
                e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble()))
            .ToList();
        var lines = File.ReadAllLines(Path.Combine(dir, "layers.csv"));
        var header = lines[0].Split(',');
        _layers = lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        using var summary = ReportTestSupport.Json(Path.Combine(dir, "summary.json"));
        _mhz = summary.RootElement.GetProperty("clock_mhz").GetDouble();
        Assert.That(_layers, Has.Count.EqualTo(121), "53 convolutions, 49 ReLUs, 16 adds, two pools and the classifier");
    }

    [Test]
    public void NoTwoIntervalsOfATrackOverlapStoresIncluded()
    {
        // Stores queue in device memory while the array computes on: several are in flight at once, so they
        // need more than one track, and on each the next starts only once the one before has landed.
        var storeTracks = _events.Where(e => e.Name == "store").Select(e => e.Track).Distinct().ToList();
        Assert.That(storeTracks, Has.Count.GreaterThan(1), "resnet50 has stores in flight together");
        foreach (var track in _events.GroupBy(e => e.Track))
        {
            var sorted = track.OrderBy(e => e.Ts).ToList();
            for (int i = 1; i < sorted.Count; i++)
                // ts and dur are rounded to the picosecond: allow for one rounding of each.
                Assert.That(sorted[i].Ts, Is.GreaterThanOrEqualTo(sorted[i - 1].Ts + sorted[i - 1].Dur - 2e-6),
                    $"{track.Key}: {sorted[i].Name} of {sorted[i].Layer} at {sorted[i].Ts} us starts before {sorted[i - 1].Name} of {sorted[i - 1].Layer} ends");
        }
    }

    [Test]
    public void TheLayerTrackHasOneNamedSpanPerLayerEndToEnd()
    {
        // Every layer that ran on a unit of its own (not fused into another's output stage) has one span on the
        // "layer" track, named after it, in program order; each span lasts the layer's cycles less those charged
        // to its neighbours, and starts where the one before it ended.
        var ran = _layers.Where(l => l["fused_into"] == "").ToList();
        var spans = _events.Where(e => e.Track == "layer").OrderBy(e => e.Ts).ToList();
        Assert.That(spans.Select(s => s.Name), Is.EqualTo(ran.Select(l => l["name"])));
        Assert.That(spans.Select(s => s.Layer), Is.EqualTo(ran.Select(l => l["name"])));
        for (int i = 0; i < spans.Count; i++)
        {
            long charged = long.Parse(ran[i]["cycles"], CultureInfo.InvariantCulture) - long.Parse(ran[i]["overlap_cycles"], CultureInfo.InvariantCulture);
            Assert.That(spans[i].Dur * _mhz, Is.EqualTo((double)charged).Within(1.0), spans[i].Name);
            if (i > 0) Assert.That(spans[i].Ts, Is.EqualTo(spans[i - 1].Ts + spans[i - 1].Dur).Within(2e-6), spans[i].Name);
        }
    }
}
