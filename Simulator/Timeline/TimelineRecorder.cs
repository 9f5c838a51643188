using System.Text;
using System.Text.Json;

namespace Sim.Timeline;

/// <summary>
/// Collects what each part of the accelerator was doing when, as intervals on named tracks, and
/// writes them as Chrome trace-event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
/// open. Each layer runs on an engine of its own starting at time zero, so the recorder shifts
/// every layer by where the previous one ended. Past MaxEvents it stops recording and says so in
/// the file, so a long run's trace stays openable.
/// </summary>
internal sealed class TimelineRecorder
{
    public const int MaxEvents = 500_000;

    private readonly record struct Interval(int Track, string Name, long StartFs, long DurationFs, int Layer, long Step, long Bytes);

    private readonly List<Interval> _intervals = new();
    private readonly List<string> _tracks = new();
    private readonly List<string> _layers = new();
    private long _layerOffsetFs;

    public bool Truncated { get; private set; }

    /// <summary>Layers begun so far.</summary>
    public int LayerCount => _layers.Count;

    public string LayerName(int layer) => _layers[layer];

    public int Track(string name)
    {
        int i = _tracks.IndexOf(name);
        if (i >= 0) return i;
        _tracks.Add(name);
        return _tracks.Count - 1;
    }

    /// <summary>Records what follows relative to engine time <paramref name="originFs"/> (a program that starts after a setup).</summary>
    public void StartAt(long originFs) => _layerOffsetFs = -originFs;

    /// <summary>Starts a new layer at the end of the previous one.</summary>
    public void BeginLayer(string name, long previousLayerFs)
    {
        _layerOffsetFs += previousLayerFs;
        _layers.Add(name);
        CurrentLayer = _layers.Count - 1;
    }

    /// <summary>
    /// Records that <paramref name="track"/> was busy with <paramref name="name"/> (for the layer's
    /// command-stream step <paramref name="step"/>, -1 for none) from start to end, in femtoseconds
    /// of layer time, moving <paramref name="bytes"/> bytes (-1: not a transfer).
    /// </summary>
    public void Add(int track, string name, long startFs, long endFs, long step, long bytes = -1) =>
        Add(track, name, startFs, endFs, step, bytes, CurrentLayer);

    /// <summary>
    /// The layer intervals without one of their own are recorded for (DRAM bus activity): the last begun, or
    /// on one machine the layer the compute unit is serving.
    /// </summary>
    public int CurrentLayer { get; set; } = -1;

    /// <summary>As <see cref="Add(int, string, long, long, long, long)"/>, for the layer at <paramref name="layer"/> (layers overlap on one machine).</summary>
    public void Add(int track, string name, long startFs, long endFs, long step, long bytes, int layer)
    {
        if (_intervals.Count >= MaxEvents)
        {
            Truncated = true;
            return;
        }
        _intervals.Add(new Interval(track, name, _layerOffsetFs + startFs, endFs - startFs, layer, step, bytes));
    }

    public int Count => _intervals.Count;

    /// <summary>Writes the trace (into a report's staging folder, which replaces the old report whole).</summary>
    public void Save(string path) => File.WriteAllText(path, ToChromeTraceJson(), new UTF8Encoding(false));

    /// <summary>The trace as JSON: one process, a thread per track, complete ("X") events in microseconds.</summary>
    public string ToChromeTraceJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("displayTimeUnit", "ns");
            json.WriteStartArray("traceEvents");
            Metadata(json, "process_name", 0, "accelerator");
            for (int t = 0; t < _tracks.Count; t++)
            {
                Metadata(json, "thread_name", t, _tracks[t]);
                json.WriteStartObject();
                json.WriteString("name", "thread_sort_index");
                json.WriteString("ph", "M");
                json.WriteNumber("pid", 0);
                json.WriteNumber("tid", t);
                json.WriteStartObject("args");
                json.WriteNumber("sort_index", t);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            foreach (var i in _intervals)
            {
                json.WriteStartObject();
                json.WriteString("name", i.Name);
                json.WriteString("cat", _layers[i.Layer]);
                json.WriteString("ph", "X");
                json.WriteNumber("ts", Math.Round(i.StartFs / 1e9, 6));   // femtoseconds to microseconds
                json.WriteNumber("dur", Math.Round(i.DurationFs / 1e9, 6));
                json.WriteNumber("pid", 0);
                json.WriteNumber("tid", i.Track);
                json.WriteStartObject("args");
                json.WriteNumber("step", i.Step);
                if (i.Bytes >= 0) json.WriteNumber("bytes", i.Bytes);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (Truncated) json.WriteString("note", $"recording stopped after {MaxEvents} intervals");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Metadata(Utf8JsonWriter json, string kind, int tid, string name)
    {
        json.WriteStartObject();
        json.WriteString("name", kind);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", 0);
        json.WriteNumber("tid", tid);
        json.WriteStartObject("args");
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
