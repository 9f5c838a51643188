using Sim.Engine;

namespace Sim.Memory;

/// <summary>
/// Off-chip memory as the accelerator's DMA sees it: a transfer of some bytes from a byte address,
/// answered by an event to the requester (kind and argument as given) when its last byte has arrived.
/// The address matters to a DRAM model (which channel, bank and row each burst falls in); a model
/// without banks may ignore it.
/// </summary>
internal interface IMemory
{
    void Transfer(long address, long bytes, bool isWrite, IEventTarget requester, int kind, long argument);

    /// <summary>Bytes moved so far, for the bandwidth figures of a report.</summary>
    long BytesRead { get; }
    long BytesWritten { get; }
}
