namespace Sim.Memory.Dram;

/// <summary>
/// A read queue and a write queue with write draining: reads are served while writes collect; once the writes
/// reach the high watermark the controller serves writes alone until they are down to the low one, then reads
/// again. Each switch costs the data bus a turnaround (tRTW one way, CWL + burst + tWTR the other), so serving
/// writes in batches saves the turnarounds that reads and writes in turn would cost. When no read waits, the
/// writes are served anyway: a write never waits for reads that may not come.
/// </summary>
internal sealed class WriteDrain(int readEntries, WriteQueueConfig writeQueue) : IQueuePolicy
{
    private bool _draining;

    public int Capacity => readEntries + writeQueue.Entries;

    public bool CanAccept(bool isWrite, int reads, int writes) =>
        isWrite ? writes < writeQueue.Entries : reads < readEntries;

    public Serving Serve(int reads, int writes)
    {
        if (writes >= writeQueue.HighWatermark) _draining = true;
        else if (writes <= writeQueue.LowWatermark) _draining = false;
        return _draining || reads == 0 ? Serving.Writes : Serving.Reads;
    }
}
