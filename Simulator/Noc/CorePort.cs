using Sim.Engine;
using Sim.Memory;

namespace Sim.Noc;

/// <summary>Device memory as one core's DMA engine sees it: through the network, from the core's router.</summary>
internal sealed class CorePort(Network network, IMemory memory, int core) : IMemory
{
    public void Transfer(long address, long bytes, bool isWrite, IEventTarget requester, int kind, long argument) =>
        network.Send(core, address, bytes, isWrite, requester, kind, argument);

    public long BytesRead => memory.BytesRead;
    public long BytesWritten => memory.BytesWritten;
}
