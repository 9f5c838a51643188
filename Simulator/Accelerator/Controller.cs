using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;
using Sim.Timeline;

namespace Sim.Accelerator;

/// <summary>
/// Runs a layer's command stream on the event engine. First its inputs and weights go up the host
/// link. Then the tile steps: the input scratchpad is double-buffered, so the load of step i+1
/// may start as soon as step i-1's compute has freed its half, and loads overlap compute; a step
/// computes once its load is done and the previous step has finished; its results are stored
/// behind it. Loads and stores share device memory in issue order. Last, the outputs go down the
/// link. While it runs, it charges every moment to what the compute unit is doing or waiting for,
/// and, given a timeline, records each computation and transfer on its track.
/// </summary>
public sealed class Controller : IEventTarget
{
    private const int LoadDone = 0, ComputeDone = 1, StoreDone = 2, UploadDone = 3, DownloadDone = 4;
    private const int Buffers = 2;

    private enum Activity { Compute, DramStall, LinkStall, Idle }

    private readonly EventEngine _engine;
    private readonly IMemory _memory;
    private readonly HostLinkModel _link;
    private readonly ClockDomain _core;

    private LayerCommands _commands = new([], 0, 0);
    private int[] _loadsPending = [];
    private int _nextLoad, _nextCompute, _dramOutstanding, _linkOutstanding;
    private bool _computing, _stepsStarted, _downloadSent, _finished;
    private long _computeCycles, _conflictCycles;
    private readonly long[] _timeIn = new long[4];
    private long _mark, _start, _end;

    private readonly TimelineRecorder? _timeline;
    // Loads and stores of one buffer half never overlap each other, so each half has its own
    // track: a trace viewer draws overlapping intervals of one track badly.
    private readonly int[] _loadTracks = new int[Buffers], _storeTracks = new int[Buffers];
    private readonly int _computeTrack, _linkUpTrack, _linkDownTrack;
    private long[] _loadIssued = [], _storeIssued = [];
    private long _computeStarted, _linkStarted;

    public Controller(EventEngine engine, IMemory memory, HostLinkModel link, ClockDomain core,
        TimelineRecorder? timeline = null, string computeUnit = "pe_array")
    {
        _engine = engine;
        _memory = memory;
        _link = link;
        _core = core;
        _timeline = timeline;
        if (timeline != null)
        {
            _computeTrack = timeline.Track(computeUnit);
            for (int b = 0; b < Buffers; b++)
            {
                _loadTracks[b] = timeline.Track($"dma loads, buffer {b}");
                _storeTracks[b] = timeline.Track($"dma stores, buffer {b}");
            }
            _linkUpTrack = timeline.Track("host link to device");
            _linkDownTrack = timeline.Track("host link to host");
        }
    }

    /// <summary>Runs the layer to completion.</summary>
    public LayerTiming Run(LayerCommands commands)
    {
        _commands = commands;
        _loadsPending = new int[commands.Steps.Count];
        if (_timeline != null)
        {
            _loadIssued = new long[commands.Steps.Count];
            _storeIssued = new long[commands.Steps.Count];
        }
        _nextLoad = _nextCompute = _dramOutstanding = _linkOutstanding = 0;
        _computing = _stepsStarted = _downloadSent = _finished = false;
        _computeCycles = _conflictCycles = 0;
        Array.Clear(_timeIn);
        _start = _mark = _end = _core.EdgeAtOrAfter(_engine.Now);

        if (commands.UploadBytes > 0)
        {
            _linkOutstanding++;
            _linkStarted = _engine.Now;
            _link.Transfer(commands.UploadBytes, LinkDirection.ToDevice, this, UploadDone, 0);
        }
        else
        {
            StartSteps();
            TryFinish();
        }
        _engine.Run();
        if (!_finished) throw new InvalidOperationException("the command stream stopped before its end");

        long period = _core.PeriodFs;
        long cycles = _core.CyclesSpanning(_end - _start);
        long dram = (_timeIn[(int)Activity.DramStall] + period / 2) / period;
        long link = (_timeIn[(int)Activity.LinkStall] + period / 2) / period;
        return new LayerTiming(cycles, _computeCycles, dram, link, cycles - _computeCycles - dram - link, _conflictCycles);
    }

    public void OnEvent(int kind, long argument)
    {
        ChargeElapsed();
        switch (kind)
        {
            case UploadDone:
                _linkOutstanding--;
                _timeline?.Add(_linkUpTrack, "inputs and weights", _linkStarted, _engine.Now, -1, _commands.UploadBytes);
                StartSteps();
                break;
            case LoadDone:
                _dramOutstanding--;
                if (--_loadsPending[argument] == 0 && _timeline != null)
                {
                    var loaded = _commands.Steps[(int)argument];
                    _timeline.Add(_loadTracks[argument % Buffers], "load", _loadIssued[argument], _engine.Now, argument,
                        loaded.Activations.Bytes + loaded.Weights.Bytes);
                }
                TryCompute();
                break;
            case ComputeDone:
                _computing = false;
                _timeline?.Add(_computeTrack, "tile", _computeStarted, _engine.Now, argument);
                var store = _commands.Steps[(int)argument].Store;
                if (store.Bytes > 0)
                {
                    _dramOutstanding++;
                    if (_timeline != null) _storeIssued[argument] = _engine.Now;
                    _memory.Transfer(store.Address, store.Bytes, isWrite: true, this, StoreDone, argument);
                }
                IssueLoads();
                TryCompute();
                break;
            case StoreDone:
                _dramOutstanding--;
                _timeline?.Add(_storeTracks[argument % Buffers], "store", _storeIssued[argument], _engine.Now, argument,
                    _commands.Steps[(int)argument].Store.Bytes);
                break;
            case DownloadDone:
                _linkOutstanding--;
                _timeline?.Add(_linkDownTrack, "outputs", _linkStarted, _engine.Now, -1, _commands.DownloadBytes);
                break;
        }
        TryFinish();
    }

    private void StartSteps()
    {
        _stepsStarted = true;
        IssueLoads();
        TryCompute();
    }

    /// <summary>Starts every load whose buffer half is free: at most two steps ahead of compute.</summary>
    private void IssueLoads()
    {
        var steps = _commands.Steps;
        int finished = _nextCompute - (_computing ? 1 : 0);
        while (_nextLoad < steps.Count && _nextLoad < finished + Buffers)
        {
            Load(steps[_nextLoad].Activations, _nextLoad);
            Load(steps[_nextLoad].Weights, _nextLoad);
            _nextLoad++;
        }
    }

    private void Load(MemoryRange range, int step)
    {
        if (range.Bytes == 0) return;
        if (_timeline != null) _loadIssued[step] = _engine.Now;
        _dramOutstanding++;
        _loadsPending[step]++;
        _memory.Transfer(range.Address, range.Bytes, isWrite: false, this, LoadDone, step);
    }

    private void TryCompute()
    {
        if (_computing || _nextCompute >= _commands.Steps.Count || _nextCompute >= _nextLoad || _loadsPending[_nextCompute] > 0) return;
        var step = _commands.Steps[_nextCompute];
        _computeCycles += step.ComputeCycles;
        _conflictCycles += step.ConflictCycles;
        _computing = true;
        _computeStarted = _core.EdgeAtOrAfter(_engine.Now);
        _engine.ScheduleOnEdge(_core, step.ComputeCycles, this, ComputeDone, _nextCompute);
        _nextCompute++;
    }

    /// <summary>Once every step has computed and stored, sends the outputs home; once they land, the layer is done.</summary>
    private void TryFinish()
    {
        if (_finished || !_stepsStarted || _computing || _nextCompute < _commands.Steps.Count) return;
        if (_dramOutstanding > 0 || _linkOutstanding > 0) return;
        if (_commands.DownloadBytes > 0 && !_downloadSent)
        {
            _downloadSent = true;
            _linkOutstanding++;
            _linkStarted = _engine.Now;
            _link.Transfer(_commands.DownloadBytes, LinkDirection.ToHost, this, DownloadDone, 0);
            return;
        }
        _finished = true;
        _end = _engine.Now;
    }

    /// <summary>Charges the time since the last event to what the compute unit was doing in it.</summary>
    private void ChargeElapsed()
    {
        long now = _engine.Now;
        var activity = _computing ? Activity.Compute
            : _dramOutstanding > 0 ? Activity.DramStall
            : _linkOutstanding > 0 ? Activity.LinkStall
            : Activity.Idle;
        _timeIn[(int)activity] += now - _mark;
        _mark = now;
    }
}
