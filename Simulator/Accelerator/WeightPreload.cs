using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;

namespace Sim.Accelerator;

/// <summary>
/// Setup before a network's timed inference: the host writes every layer's weights into device memory,
/// each region up the host link and then into DRAM as soon as it has landed, so the link and the DRAM
/// writes overlap from one region to the next.
/// </summary>
internal sealed class WeightPreload(Machine machine) : IEventTarget
{
    private const int Landed = 0, Written = 1;
    private IReadOnlyList<MemoryRange> _regions = [];
    private int _outstanding;

    /// <summary>Writes the regions and runs the machine until the last byte is in DRAM; gives the time it took, in femtoseconds.</summary>
    public long Run(IReadOnlyList<MemoryRange> regions)
    {
        long start = machine.Engine.Now;
        _regions = regions;
        for (int i = 0; i < regions.Count; i++)
        {
            if (regions[i].Bytes == 0) continue;
            _outstanding++;
            machine.Link.Transfer(regions[i].Bytes, LinkDirection.ToDevice, this, Landed, i);
        }
        machine.Engine.Run();
        if (_outstanding != 0) throw new InvalidOperationException("the weight preload stopped before its end");
        return machine.Engine.Now - start;
    }

    public void OnEvent(int kind, long argument)
    {
        var region = _regions[(int)argument];
        if (kind == Landed)
            machine.Memory.Transfer(region.Address, region.Bytes, isWrite: true, this, Written, argument);
        else
            _outstanding--;
    }
}
