using Sim.Engine;

namespace Sim.HostLink;

internal enum LinkDirection { ToDevice, ToHost }

/// <summary>
/// The host link as a pair of pipes, one per direction. Commands in one direction run one after
/// another: each pays the driver's overhead, then holds the pipe for its wire bytes; its data has
/// landed a link latency after its last byte left.
/// </summary>
internal sealed class HostLinkModel(EventEngine engine, HostLinkConfig config)
{
    private readonly long[] _busyUntil = new long[2];
    private readonly double _fsPerWireByte = ClockDomain.FemtosecondsPerSecond / config.RawBytesPerSecond;
    private readonly long _driverFs = (long)Math.Round(config.DriverOverheadNs * 1e6);
    private readonly long _latencyFs = (long)Math.Round(config.LatencyNs * 1e6);

    public long BytesToDevice { get; private set; }
    public long BytesToHost { get; private set; }

    public HostLinkConfig Config => config;

    /// <summary>Moves <paramref name="bytes"/> across the link; the requester hears (kind, argument) when they have landed.</summary>
    public void Transfer(long bytes, LinkDirection direction, IEventTarget requester, int kind, long argument)
    {
        int d = (int)direction;
        long start = Math.Max(engine.Now, _busyUntil[d]) + _driverFs;
        _busyUntil[d] = start + (long)Math.Ceiling(config.WireBytes(bytes) * _fsPerWireByte);
        engine.ScheduleAt(_busyUntil[d] + _latencyFs, requester, kind, argument);
        if (direction == LinkDirection.ToDevice) BytesToDevice += bytes; else BytesToHost += bytes;
    }
}
