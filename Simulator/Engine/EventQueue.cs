namespace Sim.Engine;

/// <summary>
/// A four-ary min-heap of events ordered by (time, sequence number). The sequence number is the
/// order of scheduling, so events at the same time run first-scheduled first: the order never
/// depends on heap internals, and a run is reproducible.
/// The heap itself holds only plain numbers (time, sequence, slot); each event's target and
/// arguments sit in a slot that never moves. Sifting then copies no object references, so it
/// costs no GC write barriers, and four-way branching halves the levels of a binary heap.
/// Arrays only grow, so steady-state scheduling allocates nothing.
/// </summary>
internal sealed class EventQueue
{
    private struct Key
    {
        public long Time;
        public long Sequence;
        public int Slot;
    }

    private struct Payload
    {
        public IEventTarget? Target;
        public int Kind;
        public long Argument;
    }

    private Key[] _heap = new Key[1024];
    private Payload[] _slots = new Payload[1024];
    private int[] _freeSlots = new int[1024];
    private int _freeCount;
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    public long PeekTime => _count > 0 ? _heap[0].Time : long.MaxValue;

    public void Push(long time, IEventTarget target, int kind, long argument)
    {
        if (_count == _heap.Length) Grow();
        int slot = _freeCount > 0 ? _freeSlots[--_freeCount] : _count;
        _slots[slot] = new Payload { Target = target, Kind = kind, Argument = argument };

        var key = new Key { Time = time, Sequence = _nextSequence++, Slot = slot };
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (!Before(in key, in _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = key;
    }

    public void Pop(out long time, out IEventTarget target, out int kind, out long argument)
    {
        if (_count == 0) throw new InvalidOperationException("the event queue is empty");
        int slot = _heap[0].Slot;
        time = _heap[0].Time;
        ref Payload payload = ref _slots[slot];
        target = payload.Target!;
        kind = payload.Kind;
        argument = payload.Argument;
        payload.Target = null; // let finished components be collected
        _freeSlots[_freeCount++] = slot;

        Key last = _heap[--_count];
        if (_count == 0) return;
        int i = 0;
        while (true)
        {
            int first = 4 * i + 1;
            if (first >= _count) break;
            int best = first, end = Math.Min(first + 4, _count);
            for (int c = first + 1; c < end; c++)
                if (Before(in _heap[c], in _heap[best])) best = c;
            if (!Before(in _heap[best], in last)) break;
            _heap[i] = _heap[best];
            i = best;
        }
        _heap[i] = last;
    }

    /// <summary>
    /// Doubles every array. Slots in use are exactly the heap's, so when the heap is full no slot is
    /// free and the new slots are numbered from the old size up.
    /// </summary>
    private void Grow()
    {
        int size = _heap.Length * 2;
        Array.Resize(ref _heap, size);
        Array.Resize(ref _slots, size);
        Array.Resize(ref _freeSlots, size);
    }

    private static bool Before(in Key a, in Key b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);
}
