namespace Sim.Memory.Dram;

/// <summary>
/// A controller's request queue: a fixed number of slots, kept in arrival order. The requests
/// stay in their slots (a preallocated struct array); only the small array of slot numbers in age
/// order shifts when one leaves from the middle, so nothing is allocated after construction.
/// </summary>
public sealed class RequestQueue
{
    private readonly DramRequest[] _slots;
    private readonly int[] _byAge;
    private readonly int[] _free;
    private int _freeCount;

    public int Count { get; private set; }
    public int Capacity => _slots.Length;
    public bool IsFull => Count == _slots.Length;

    public RequestQueue(int capacity)
    {
        _slots = new DramRequest[capacity];
        _byAge = new int[capacity];
        _free = new int[capacity];
        for (int i = 0; i < capacity; i++) _free[i] = capacity - 1 - i;
        _freeCount = capacity;
    }

    /// <summary>The request of age rank <paramref name="position"/> (0 the oldest).</summary>
    public ref DramRequest At(int position) => ref _slots[_byAge[position]];

    public void Add(in DramRequest request)
    {
        if (Count == _slots.Length) throw new InvalidOperationException("the request queue is full");
        int slot = _free[--_freeCount];
        _slots[slot] = request;
        _byAge[Count++] = slot;
    }

    public void RemoveAt(int position)
    {
        _free[_freeCount++] = _byAge[position];
        Count--;
        Array.Copy(_byAge, position + 1, _byAge, position, Count - position);
    }
}
