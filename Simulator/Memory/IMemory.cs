using Sim.Engine;

namespace Sim.Memory;

/// <summary>
/// Off-chip memory as the accelerator's DMA sees it: a transfer of some bytes, answered by an
/// event to the requester (kind and argument as given) when its last byte has arrived.
/// </summary>
public interface IMemory
{
    void Transfer(long bytes, bool isWrite, IEventTarget requester, int kind, long argument);

    /// <summary>Bytes moved so far, for the bandwidth figures of a report.</summary>
    long BytesRead { get; }
    long BytesWritten { get; }
}
