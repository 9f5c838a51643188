namespace Sim.Memory.Dram;

/// <summary>
/// Told when a request's column command issues, and so when its data will have crossed the bus:
/// <paramref name="completionCycle"/> is the cycle after the burst's last beat (a read's data has
/// returned, a write's data has been driven to the device). <paramref name="tag"/> is the requester's.
/// </summary>
internal interface IDramCompletionSink
{
    void OnComplete(int tag, bool isWrite, long arrivalCycle, long completionCycle);
}
