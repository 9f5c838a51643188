namespace Sim.Noc;

/// <summary>
/// One directed link and the input buffer it feeds: packets waiting to cross in arrival order, when it is next free
/// (a packet holds it for its serialisation cycles), and the credits left (free slots in the downstream buffer).
/// The queue only grows, so steady-state traffic allocates nothing.
/// </summary>
internal sealed class NocLink(int credits)
{
    public readonly Queue<int> Waiting = new();
    public long FreeAt;
    public int Credits = credits;

    /// <summary>When the next try to start a packet is due, or -1 when none is.</summary>
    public long RetryAt = -1;

    /// <summary>The busy interval being drawn on the timeline (packets back to back extend it).</summary>
    public long DrawnFrom = -1, DrawnTo = -1;
}
