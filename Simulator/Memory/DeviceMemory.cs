using Sim.Config;
using Sim.Engine;

namespace Sim.Memory;

/// <summary>Builds the device memory a hardware configuration asks for.</summary>
internal static class DeviceMemory
{
    public static IMemory Create(EventEngine engine, MemoryConfig config) => config switch
    {
        SimpleMemoryConfig simple => new SimpleMemory(engine, simple),
        DramMemoryConfig dram => new DramMemory(engine, dram.Dram),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config, "unknown memory model"),
    };
}
