using Sim.Memory;
using Sim.Memory.Dram;

namespace Sim.Timeline;

/// <summary>
/// Puts a DRAM's data-bus activity on a timeline: one track per channel, an interval for each run
/// of back-to-back bursts in one direction ("read" or "write", with the bytes it moved). It watches
/// the channels' command streams from outside (<see cref="DramChannel.Observer"/>), so a DRAM
/// without a timeline runs exactly as before, at no cost. A read's data occupies the bus from CL
/// cycles after its command for BurstCycles; a write's from CWL.
/// </summary>
internal sealed class DramActivityRecorder : IDramCommandObserver
{
    private struct Run
    {
        public long Start, End, Bursts;
        public bool IsWrite, Open;
    }

    private readonly TimelineRecorder _timeline;
    private readonly DramMemory _memory;
    private readonly int[] _tracks;
    private readonly Run[] _runs;
    private readonly long[] _lastEnd;
    private readonly int _cl, _cwl, _burstCycles, _bytesPerBurst;

    private DramActivityRecorder(TimelineRecorder timeline, DramMemory memory)
    {
        _timeline = timeline;
        _memory = memory;
        var config = memory.Config;
        _tracks = new int[config.Channels];
        for (int c = 0; c < _tracks.Length; c++) _tracks[c] = timeline.Track($"dram channel {c}");
        _runs = new Run[config.Channels];
        _lastEnd = new long[config.Channels];
        _cl = config.Timings.CL;
        _cwl = config.Timings.CWL;
        _burstCycles = config.Timings.BurstCycles;
        _bytesPerBurst = config.Organization.BytesPerBurst;
    }

    /// <summary>Watches every channel of <paramref name="memory"/>; call <see cref="Flush"/> when the layer has run.</summary>
    public static DramActivityRecorder Attach(TimelineRecorder timeline, DramMemory memory)
    {
        var recorder = new DramActivityRecorder(timeline, memory);
        for (int c = 0; c < memory.Config.Channels; c++) memory.Channel(c).Observer = recorder;
        return recorder;
    }

    public void OnCommand(DramCommand command, int channel, int rank, int bank, int row, long cycle)
    {
        if (command is not (DramCommand.Read or DramCommand.Write)) return;
        bool isWrite = command == DramCommand.Write;
        long start = cycle + (isWrite ? _cwl : _cl);
        ref var run = ref _runs[channel];
        if (run.Open && run.IsWrite == isWrite && start <= run.End)
        {
            run.End = Math.Max(run.End, start + _burstCycles);
            run.Bursts++;
            return;
        }
        if (run.Open) Close(channel);
        // The bus carries one burst at a time; never start a run before the previous one ended.
        start = Math.Max(start, _lastEnd[channel]);
        run = new Run { Start = start, End = start + _burstCycles, Bursts = 1, IsWrite = isWrite, Open = true };
    }

    /// <summary>Records every run still open: the layer has finished.</summary>
    public void Flush()
    {
        for (int c = 0; c < _runs.Length; c++)
            if (_runs[c].Open) Close(c);
    }

    private void Close(int channel)
    {
        ref var run = ref _runs[channel];
        _timeline.Add(_tracks[channel], run.IsWrite ? "write" : "read",
            _memory.Clock.TimeOf(run.Start), _memory.Clock.TimeOf(run.End), -1, run.Bursts * _bytesPerBurst);
        _lastEnd[channel] = run.End;
        run.Open = false;
    }
}
