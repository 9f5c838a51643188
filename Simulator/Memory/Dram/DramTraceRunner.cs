namespace Sim.Memory.Dram;

/// <summary>What a trace run measured; the figures <c>sim dram</c> prints.</summary>
internal sealed record DramTraceResult(
    long TotalCycles,
    double AverageReadLatencyCycles,
    double BandwidthGBps,
    double RowHitRate,
    DramStats Stats);

/// <summary>
/// Runs a trace through a memory system with no event engine: requests are offered in trace order,
/// each at the later of its own cycle and the previous request's entry (in order, as DRAMSim3 does),
/// and a full queue holds the request, and all behind it, until its channel frees a slot. Channels
/// share nothing, so each is advanced only as far as the next request for it needs, and at the end
/// every channel up to the cycle the last request completed.
/// </summary>
internal sealed class DramTraceRunner : IDramCompletionSink
{
    private readonly DramConfig _config;
    private readonly AddressMapper _mapper;
    private readonly DramChannel[] _channels;

    /// <summary>Called once per completed request with its tag (its index in the trace), when set.</summary>
    public IDramCompletionSink? Completions { get; set; }

    public DramTraceRunner(DramConfig config, IDramCommandObserver? observer = null)
    {
        _config = config;
        _mapper = new AddressMapper(config);
        _channels = new DramChannel[config.Channels];
        for (int c = 0; c < _channels.Length; c++)
            _channels[c] = new DramChannel(c, config, this) { Observer = observer };
    }

    public DramTraceResult Run(DramTrace trace)
    {
        long cycle = 0;
        var addresses = trace.Addresses;
        var writes = trace.IsWrite;
        var cycles = trace.Cycles;
        for (int i = 0; i < addresses.Length; i++)
        {
            var address = _mapper.Map(addresses[i]);
            var channel = _channels[address.Channel];
            if (cycles[i] > cycle) cycle = cycles[i];
            channel.AdvanceTo(cycle);
            // Back-pressure: the queue frees a slot when a column command issues; the request enters
            // the cycle after.
            while (!channel.CanAccept(writes[i])) cycle = Math.Max(cycle, channel.Step());
            channel.Enqueue(i, writes[i], in address, cycle);
        }

        foreach (var channel in _channels)
            while (channel.Queued > 0) channel.Step();
        long total = _channels.Max(c => c.Stats.LastCompletionCycle);
        // A controller refreshes whether or not it has traffic: every channel, idle ones too, is brought
        // up to the run's end, so that its refreshes (and the energy they cost) are counted.
        var stats = new DramStats();
        foreach (var channel in _channels)
        {
            channel.AdvanceTo(total);
            stats.Add(channel.Stats);
        }
        double seconds = total * 1e-6 / _config.ClockMhz;
        double bytes = (double)(stats.Reads + stats.Writes) * _config.Organization.BytesPerBurst;
        return new DramTraceResult(total, stats.AverageReadLatencyCycles,
            seconds > 0 ? bytes / seconds / 1e9 : 0, stats.RowHitRate, stats);
    }

    void IDramCompletionSink.OnComplete(int tag, bool isWrite, long arrivalCycle, long completionCycle) =>
        Completions?.OnComplete(tag, isWrite, arrivalCycle, completionCycle);
}
