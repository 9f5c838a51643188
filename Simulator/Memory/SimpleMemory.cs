using Sim.Config;
using Sim.Engine;

namespace Sim.Memory;

/// <summary>
/// The first memory model: one pipe of fixed bandwidth. Transfers use it one after another in
/// the order they are issued (each holds it for bytes / bandwidth), and each completes a fixed
/// latency after its last byte left the pipe. No banks, rows or refresh: the DRAM timing model
/// of the memory-system work replaces this.
/// </summary>
internal sealed class SimpleMemory : IMemory
{
    private readonly EventEngine _engine;
    private readonly long _latencyFs;
    private readonly double _fsPerByte;
    private long _busyUntil;

    public long BytesRead { get; private set; }
    public long BytesWritten { get; private set; }

    public SimpleMemory(EventEngine engine, SimpleMemoryConfig config)
    {
        _engine = engine;
        _latencyFs = (long)Math.Round(config.LatencyNs * 1e6);
        _fsPerByte = ClockDomain.FemtosecondsPerSecond / (config.BandwidthGBps * 1e9);
    }

    /// <summary>The address is ignored: this model has no banks or rows.</summary>
    public void Transfer(long address, long bytes, bool isWrite, IEventTarget requester, int kind, long argument)
    {
        long start = Math.Max(_engine.Now, _busyUntil);
        _busyUntil = start + (long)Math.Ceiling(bytes * _fsPerByte);
        _engine.ScheduleAt(_busyUntil + _latencyFs, requester, kind, argument);
        if (isWrite) BytesWritten += bytes; else BytesRead += bytes;
    }
}
