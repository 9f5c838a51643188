namespace Sim.Memory.Dram;

/// <summary>
/// Which queued requests the scheduler may serve: all of them, or only the reads or only the writes. Either
/// way a request whose activate opened its row may be served, so that no row is held open for a request
/// that may not use it (<see cref="FrFcfsScheduler"/>).
/// </summary>
internal enum Serving { All, Reads, Writes }

/// <summary>
/// How a channel's controller queues its requests and which of them it serves: one queue shared by reads and
/// writes (<see cref="SharedQueue"/>, the default) or a read and a write queue with write draining
/// (<see cref="WriteDrain"/>, <c>controller.write_queue</c>).
/// </summary>
internal interface IQueuePolicy
{
    /// <summary>Slots in all: the request queue's capacity.</summary>
    int Capacity { get; }

    /// <summary>Whether a read, or a write, may enter while <paramref name="reads"/> reads and <paramref name="writes"/> writes wait.</summary>
    bool CanAccept(bool isWrite, int reads, int writes);

    /// <summary>Which requests to serve, now that <paramref name="reads"/> reads and <paramref name="writes"/> writes wait.</summary>
    Serving Serve(int reads, int writes);

    static IQueuePolicy For(DramControllerConfig controller) =>
        controller.WriteQueue is { } writes ? new WriteDrain(controller.QueueDepth, writes) : new SharedQueue(controller.QueueDepth);
}
