namespace Sim.Engine;

/// <summary>
/// A binary min-heap of events ordered by (time, sequence number). The sequence number is the
/// order of scheduling, so events at the same time run first-scheduled first: the order never
/// depends on heap internals, and a run is reproducible. Events are structs in one array that
/// only grows, so steady-state scheduling allocates nothing.
/// </summary>
public sealed class EventQueue
{
    private struct Entry
    {
        public long Time;
        public long Sequence;
        public IEventTarget Target;
        public int Kind;
        public long Argument;
    }

    private Entry[] _heap = new Entry[1024];
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    public void Push(long time, IEventTarget target, int kind, long argument)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var entry = new Entry { Time = time, Sequence = _nextSequence++, Target = target, Kind = kind, Argument = argument };
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(in entry, in _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = entry;
    }

    public long PeekTime => _count > 0 ? _heap[0].Time : long.MaxValue;

    public void Pop(out long time, out IEventTarget target, out int kind, out long argument)
    {
        if (_count == 0) throw new InvalidOperationException("the event queue is empty");
        ref Entry top = ref _heap[0];
        time = top.Time; target = top.Target; kind = top.Kind; argument = top.Argument;

        Entry last = _heap[--_count];
        _heap[_count] = default; // drop the reference so finished components can be collected
        if (_count == 0) return;
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Before(in _heap[child + 1], in _heap[child])) child++;
            if (!Before(in _heap[child], in last)) break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = last;
    }

    private static bool Before(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);
}
