namespace Sim.Timeline;

/// <summary>
/// Intervals of one kind that may overlap (stores in flight together in device memory), spread over as few tracks
/// as it takes: each takes the lowest-numbered track free when it starts and holds it until it ends, so no two on
/// one track overlap; a trace viewer draws overlapping intervals of one track on top of each other.
/// </summary>
internal sealed class TrackLanes
{
    private readonly TimelineRecorder _timeline;
    private readonly string _name;
    private readonly List<int> _tracks = new();
    private readonly List<bool> _busy = new();

    /// <summary>The first track, "<paramref name="name"/> #1", is made at once, so that it sorts where its unit does.</summary>
    public TrackLanes(TimelineRecorder timeline, string name)
    {
        _timeline = timeline;
        _name = name;
        AddLane();
    }

    /// <summary>Takes the lowest free lane for an interval starting now; returns it.</summary>
    public int Take()
    {
        int lane = _busy.IndexOf(false);
        if (lane < 0) lane = AddLane();
        _busy[lane] = true;
        return lane;
    }

    /// <summary>Frees <paramref name="lane"/> when its interval ends; returns its track, to record the interval on.</summary>
    public int Release(int lane)
    {
        _busy[lane] = false;
        return _tracks[lane];
    }

    private int AddLane()
    {
        _tracks.Add(_timeline.Track($"{_name} #{_tracks.Count + 1}"));
        _busy.Add(false);
        return _tracks.Count - 1;
    }
}
