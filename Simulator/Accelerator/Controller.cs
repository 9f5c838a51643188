using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;
using Sim.Timeline;

namespace Sim.Accelerator;

/// <summary>
/// Runs a program, one or more layers' command streams, on the event engine as one stream of tile steps:
/// <list type="number">
/// <item>Each layer's uploads go up the host link at the start, in layer order; a layer loads nothing
///   before its own upload has landed.</item>
/// <item>The input scratchpad is double-buffered: the load of step i+1 may start as soon as step i-1's
///   compute has freed its half, so loads overlap compute, across layer boundaries too: the next layer's
///   first weights are fetched while the last tile of the layer before it computes. A step's activations
///   (and residual) wait until every layer it reads from has stored its last block.</item>
/// <item>A step computes once its loads are done and the previous step has finished; its results are
///   stored behind it. Loads and stores share device memory in issue order.</item>
/// <item>Once a layer has stored its last block, its downloads go down the link; the program ends when
///   the last byte has landed.</item>
/// </list>
/// A layer's span runs from its first load (or the moment the compute unit turns to it) to its last store or
/// download: an upload sent ahead, while earlier layers compute, is not part of it.
/// Every moment is charged to the layer the compute unit is serving (the one computing, or next to
/// compute) and to what it does: compute, DRAM stall, link stall, or idle. Given a timeline, it records
/// each computation and transfer on its track.
/// <para>On a chip of several cores each core's controller runs its slice of every layer on the shared engine; a
/// <see cref="LayerBarrier"/> joins them: a layer counts as stored (for the layers that read it, and for its download)
/// once every core has stored its slice, and core 0 carries the host link's transfers for all. Time a core spends
/// waiting for the others is idle time.</para>
/// </summary>
internal sealed class Controller : IEventTarget
{
    private const int LoadDone = 0, ComputeDone = 1, StoreDone = 2, UploadDone = 3, DownloadDone = 4, BarrierPassed = 5;
    private const int Buffers = 2;

    private enum Activity { Compute, DramStall, LinkStall, Idle }

    private readonly EventEngine _engine;
    private readonly IMemory _memory;
    private readonly HostLinkModel _link;
    private readonly ClockDomain _core;

    // The program, flattened: every layer's steps one after another.
    private IReadOnlyList<LayerCommands> _layers = [];
    private TileStep[] _steps = [];
    private int[] _stepLayer = [], _layerEnd = [];
    private int[] _loadsPending = [];

    // Per layer: its upload landed, steps computed, stores in flight, download sent.
    private bool[] _uploaded = [], _downloadSent = [], _done = [];
    private int[] _computed = [], _storesOutstanding = [];

    private int _nextLoad, _nextCompute, _computingStep, _dramOutstanding, _linkOutstanding, _layersDone, _head, _downloadsUnsent;
    private readonly LayerBarrier? _barrier;
    private readonly bool _drawsLayers;
    private readonly string _trackPrefix;
    private bool _computing, _weightsIssued, _finished;
    private long _mark, _start, _end;

    // Per layer: cycles computed and stalled on bank conflicts, time charged by activity, when the
    // compute unit started and stopped serving it, and its first and last command.
    private long[] _computeCycles = [], _conflictCycles = [];
    private long[,] _timeIn = new long[0, 4];
    private long[] _headEnter = [], _headLeave = [], _firstTouch = [], _lastTouch = [];

    private readonly TimelineRecorder? _timeline;
    // Loads of one buffer half never overlap each other, so each half has its own track: a trace viewer
    // draws overlapping intervals of one track badly. Stores queue in device memory, as many at once as
    // the compute unit issues, so they take as many tracks as are in flight together.
    private readonly int[] _loadTracks = new int[Buffers], _layerTracks = new int[Buffers];
    private readonly TrackLanes? _storeLanes;
    private readonly int _linkUpTrack, _linkDownTrack, _servedTrack;
    private int[] _computeTracks = [];
    private int _timelineFirstLayer;
    private long[] _loadIssued = [], _storeIssued = [], _linkStarted = [];
    private int[] _storeLane = [];
    private long _computeStarted;
    private readonly long[] _linkLanded = new long[2];

    /// <summary>Core cycles a run may take before it is stopped with <see cref="RunLimitExceeded"/>.</summary>
    public long MaxCycles { get; set; } = long.MaxValue;

    /// <summary>Called when the compute unit starts serving a layer (by position), at that moment.</summary>
    public Action<int>? LayerEntered { get; set; }

    /// <param name="barrier">With several cores: the barrier that joins them; null for a single core.</param>
    /// <param name="trackPrefix">What this core's timeline tracks start with ("core 1: "; empty for a single core).</param>
    public Controller(EventEngine engine, IMemory memory, HostLinkModel link, ClockDomain core, TimelineRecorder? timeline = null,
        LayerBarrier? barrier = null, string trackPrefix = "")
    {
        _engine = engine;
        _memory = memory;
        _link = link;
        _core = core;
        _timeline = timeline;
        _barrier = barrier;
        _trackPrefix = trackPrefix;
        // The program-wide tracks (the host link, the layers' spans) are core 0's.
        _drawsLayers = barrier is null || barrier.Lead == null;
        barrier?.Join(this);
        if (timeline != null)
        {
            for (int b = 0; b < Buffers; b++) _loadTracks[b] = timeline.Track($"{trackPrefix}dma loads, buffer {b}");
            _storeLanes = new TrackLanes(timeline, $"{trackPrefix}dma stores");
            if (!_drawsLayers) return;
            _linkUpTrack = timeline.Track("host link to device");
            _linkDownTrack = timeline.Track("host link to host");
            // One span per layer, named, that never overlaps the next: the time the compute unit served it.
            _servedTrack = timeline.Track("layer");
            // Neighbouring layers may overlap, so even and odd layers have a track each.
            _layerTracks[0] = timeline.Track("layers (even)");
            _layerTracks[1] = timeline.Track("layers (odd)");
        }
    }

    /// <summary>Per layer of the last program: the core cycles this core computed, and those it stood on bank conflicts.</summary>
    public IReadOnlyList<long> ComputeCycles => _computeCycles;
    public IReadOnlyList<long> ConflictCycles => _conflictCycles;

    /// <summary>Runs one layer to completion.</summary>
    public LayerTiming Run(LayerCommands commands) => Run([commands]).Layers[0];

    /// <summary>
    /// Runs the program to completion. Given a timeline, the program's layers must be its last
    /// <paramref name="layers"/>.Count layers (see <see cref="TimelineRecorder.BeginLayer"/>).
    /// </summary>
    public ProgramTiming Run(IReadOnlyList<LayerCommands> layers)
    {
        Start(layers);
        _engine.RunUpTo(Deadline);
        return Finish();
    }

    /// <summary>When the run passes <see cref="MaxCycles"/> (valid once started).</summary>
    public long Deadline => MaxCycles >= (long.MaxValue - _start) / _core.PeriodFs ? long.MaxValue : _start + MaxCycles * _core.PeriodFs;

    /// <summary>Issues the program's first commands; the engine's run does the rest (see <see cref="Finish"/>).</summary>
    public void Start(IReadOnlyList<LayerCommands> layers)
    {
        Load(layers);
        _start = _mark = _end = _core.EdgeAtOrAfter(_engine.Now);
        EnterHead(0, _start);
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l].UploadBytes <= 0) continue;
            _linkOutstanding++;
            _linkStarted[l] = _engine.Now;
            _link.Transfer(layers[l].UploadBytes, LinkDirection.ToDevice, this, UploadDone, l);
        }
        for (int l = 0; l < layers.Count; l++) CheckLayerDone(l);
        IssueLoads();
        TryCompute();
        UpdateHead();
        TryFinish();
    }

    /// <summary>The program's timing, once the engine has run; throws when it stopped at the cycle limit or short of its end.</summary>
    public ProgramTiming Finish()
    {
        if (!_finished && _engine.Pending > 0)
            throw new RunLimitExceeded(MaxCycles, _head < _layers.Count ? _head : _layers.Count - 1);
        if (!_finished) throw new InvalidOperationException("the command stream stopped before its end");
        return Timing();
    }

    public void OnEvent(int kind, long argument)
    {
        ChargeElapsed();
        // A step's position in the program, or a layer's for the link's events.
        int index = (int)argument;
        switch (kind)
        {
            case UploadDone:
                _linkOutstanding--;
                _uploaded[index] = true;
                _barrier?.Uploaded(index);
                _timeline?.Add(_linkUpTrack, _layers.Count == 1 ? "inputs and weights" : "inputs", LinkInterval(LinkDirection.ToDevice, index), _engine.Now, -1,
                    _layers[index].UploadBytes, _timelineFirstLayer + index);
                CheckLayerDone(index);
                break;
            case LoadDone:
                _dramOutstanding--;
                Touch(_stepLayer[index]);
                if (--_loadsPending[index] == 0 && _timeline != null)
                {
                    var loaded = _steps[index];
                    _timeline.Add(_loadTracks[index % Buffers], "load", _loadIssued[index], _engine.Now, LocalStep(index),
                        loaded.Activations.Bytes + loaded.Weights.Bytes + loaded.Residual.Bytes, _timelineFirstLayer + _stepLayer[index]);
                }
                break;
            case ComputeDone:
                _computing = false;
                int layer = _stepLayer[index];
                _computed[layer]++;
                _timeline?.Add(_computeTracks[layer], "tile", _computeStarted, _engine.Now, LocalStep(index), -1, _timelineFirstLayer + layer);
                var store = _steps[index].Store;
                if (store.Bytes > 0)
                {
                    _dramOutstanding++;
                    _storesOutstanding[layer]++;
                    if (_storeLanes != null)
                    {
                        _storeIssued[index] = _engine.Now;
                        _storeLane[index] = _storeLanes.Take();
                    }
                    _memory.Transfer(store.Address, store.Bytes, isWrite: true, this, StoreDone, index);
                }
                CheckLayerDone(layer);
                break;
            case StoreDone:
                _dramOutstanding--;
                _storesOutstanding[_stepLayer[index]]--;
                Touch(_stepLayer[index]);
                if (_storeLanes != null)
                    _timeline!.Add(_storeLanes.Release(_storeLane[index]), "store", _storeIssued[index], _engine.Now, LocalStep(index),
                        _steps[index].Store.Bytes, _timelineFirstLayer + _stepLayer[index]);
                CheckLayerDone(_stepLayer[index]);
                break;
            case DownloadDone:
                _linkOutstanding--;
                Touch(index);
                _timeline?.Add(_linkDownTrack, "outputs", LinkInterval(LinkDirection.ToHost, index), _engine.Now, -1, _layers[index].DownloadBytes,
                    _timelineFirstLayer + index);
                break;
            case BarrierPassed:
                CheckLayerDone(index);
                break;
        }
        IssueLoads();
        TryCompute();
        UpdateHead();
        TryFinish();
    }

    private void Load(IReadOnlyList<LayerCommands> layers)
    {
        int n = layers.Count, total = layers.Sum(l => l.Steps.Count);
        _layers = layers;
        _steps = new TileStep[total];
        _stepLayer = new int[total];
        _layerEnd = new int[n];
        for (int l = 0, s = 0; l < n; l++)
        {
            foreach (var step in layers[l].Steps)
            {
                _steps[s] = step;
                _stepLayer[s++] = l;
            }
            _layerEnd[l] = s;
        }
        _loadsPending = new int[total];
        _uploaded = layers.Select(l => l.UploadBytes <= 0).ToArray();
        _downloadSent = new bool[n];
        _done = new bool[n];
        _computed = new int[n];
        _storesOutstanding = new int[n];
        _computeCycles = new long[n];
        _conflictCycles = new long[n];
        _timeIn = new long[n, 4];
        _headEnter = new long[n];
        _headLeave = new long[n];
        _firstTouch = Enumerable.Repeat(long.MaxValue, n).ToArray();
        _lastTouch = new long[n];
        _linkStarted = new long[n];
        if (_timeline != null)
        {
            _loadIssued = new long[total];
            _storeIssued = new long[total];
            _storeLane = new int[total];
            _timelineFirstLayer = _timeline.LayerCount - n;
            _computeTracks = layers.Select(l => _timeline.Track(_trackPrefix + l.Unit)).ToArray();
        }
        Array.Clear(_linkLanded);
        _nextLoad = _nextCompute = _dramOutstanding = _linkOutstanding = _layersDone = _head = 0;
        _downloadsUnsent = layers.Count(l => l.DownloadBytes > 0);
        _computing = _weightsIssued = _finished = false;
    }

    /// <summary>
    /// Starts every load whose buffer half is free (at most two steps ahead of compute) and whose layer's
    /// upload has landed: first the step's weights, then, once the layers it reads from are stored, its
    /// activations and residual.
    /// </summary>
    private void IssueLoads()
    {
        int finished = _nextCompute - (_computing ? 1 : 0);
        while (_nextLoad < _steps.Length && _nextLoad < finished + Buffers)
        {
            int layer = _stepLayer[_nextLoad];
            if (!Uploaded(layer)) return;
            var step = _steps[_nextLoad];
            if (!ProducersDone(layer))
            {
                if (!_weightsIssued) Load(step.Weights, _nextLoad);
                _weightsIssued = true;
                return;
            }
            Load(step.Activations, _nextLoad);
            if (!_weightsIssued) Load(step.Weights, _nextLoad);
            Load(step.Residual, _nextLoad);
            _weightsIssued = false;
            _nextLoad++;
        }
    }

    private bool ProducersDone(int layer)
    {
        foreach (int producer in _layers[layer].WaitsFor)
            if (!(_barrier?.AllStored(producer) ?? _done[producer])) return false;
        return true;
    }

    /// <summary>The layer's upload has landed (on a multi-core chip: core 0's, which carries it for all).</summary>
    private bool Uploaded(int layer) => _uploaded[layer] && (_barrier?.HasUploaded(layer) ?? true);

    /// <summary>Wakes the controller at the current time: a barrier it waits at has passed (the layer's position as argument).</summary>
    public void Wake(int layer) => _engine.ScheduleAt(_engine.Now, this, BarrierPassed, layer);

    private void Load(MemoryRange range, int step)
    {
        if (range.Bytes == 0) return;
        if (_timeline != null && _loadsPending[step] == 0) _loadIssued[step] = _engine.Now;
        _dramOutstanding++;
        _loadsPending[step]++;
        Touch(_stepLayer[step]);
        _memory.Transfer(range.Address, range.Bytes, isWrite: false, this, LoadDone, step);
    }

    private void TryCompute()
    {
        if (_computing || _nextCompute >= _steps.Length || _nextCompute >= _nextLoad || _loadsPending[_nextCompute] > 0) return;
        var step = _steps[_nextCompute];
        int layer = _stepLayer[_nextCompute];
        _computeCycles[layer] += step.ComputeCycles;
        _conflictCycles[layer] += step.ConflictCycles;
        _computing = true;
        _computingStep = _nextCompute;
        _computeStarted = _core.EdgeAtOrAfter(_engine.Now);
        _engine.ScheduleOnEdge(_core, step.ComputeCycles, this, ComputeDone, _nextCompute);
        _nextCompute++;
    }

    /// <summary>
    /// A layer whose upload has landed, every step computed and every store landed is done: its outputs go home
    /// (on a multi-core chip, once every core's slice is done).
    /// </summary>
    private void CheckLayerDone(int layer)
    {
        if (!_done[layer])
        {
            if (!_uploaded[layer] || _storesOutstanding[layer] > 0) return;
            int steps = _layerEnd[layer] - (layer == 0 ? 0 : _layerEnd[layer - 1]);
            if (_computed[layer] < steps) return;
            _done[layer] = true;
            _layersDone++;
            _barrier?.Arrive(layer);
        }
        if (_layers[layer].DownloadBytes > 0 && !_downloadSent[layer] && (_barrier?.AllStored(layer) ?? true))
        {
            _downloadSent[layer] = true;
            _downloadsUnsent--;
            _linkOutstanding++;
            _linkStarted[layer] = _engine.Now;
            _link.Transfer(_layers[layer].DownloadBytes, LinkDirection.ToHost, this, DownloadDone, layer);
        }
    }

    private void TryFinish()
    {
        if (_finished || _layersDone < _layers.Count || _dramOutstanding > 0 || _linkOutstanding > 0 || _downloadsUnsent > 0
            || _barrier is { ProgramStored: false }) return;
        _finished = true;
        _end = _engine.Now;
        _headLeave[_head] = _end;
    }

    /// <summary>The layer the compute unit serves: the one computing, else the next to compute, else the last.</summary>
    private void UpdateHead()
    {
        int head = _computing ? _stepLayer[_computingStep]
            : _nextCompute < _steps.Length ? _stepLayer[_nextCompute]
            : _layers.Count - 1;
        while (_head < head) EnterHead(_head + 1, _engine.Now);
    }

    private void EnterHead(int layer, long now)
    {
        if (layer > 0) _headLeave[layer - 1] = now;
        _head = layer;
        _headEnter[layer] = now;
        if (_timeline != null && _drawsLayers) _timeline.CurrentLayer = _timelineFirstLayer + layer;
        LayerEntered?.Invoke(layer);
    }

    private void Touch(int layer)
    {
        long now = _engine.Now;
        if (now < _firstTouch[layer]) _firstTouch[layer] = now;
        if (now > _lastTouch[layer]) _lastTouch[layer] = now;
    }

    /// <summary>
    /// Where a transfer that lands now starts on its link track: when it was sent, or when the transfer before
    /// it in the same direction landed (the link carries one at a time).
    /// </summary>
    private long LinkInterval(LinkDirection direction, int layer)
    {
        long start = Math.Max(_linkStarted[layer], _linkLanded[(int)direction]);
        _linkLanded[(int)direction] = _engine.Now;
        return start;
    }

    private long LocalStep(int step) => step - (_stepLayer[step] == 0 ? 0 : _layerEnd[_stepLayer[step] - 1]);

    /// <summary>Charges the time since the last event to the layer served and what the compute unit was doing in it.</summary>
    private void ChargeElapsed()
    {
        long now = _engine.Now;
        var activity = _computing ? Activity.Compute
            : _dramOutstanding > 0 ? Activity.DramStall
            : _linkOutstanding > 0 ? Activity.LinkStall
            : Activity.Idle;
        _timeIn[_head, (int)activity] += now - _mark;
        _mark = now;
    }

    /// <summary>
    /// When layer <paramref name="layer"/> of the last program began (its first command, or the moment the compute unit
    /// turned to it) and ended (its last completion, or the moment the unit left it), in engine time.
    /// </summary>
    public (long Start, long End) Span(int layer) =>
        (Math.Min(_headEnter[layer], _firstTouch[layer] == long.MaxValue ? long.MaxValue : _core.EdgeAtOrAfter(_firstTouch[layer])),
         Math.Max(_headLeave[layer], _lastTouch[layer]));

    /// <summary>
    /// Each layer's cycles span its first command (or the moment the compute unit turned to it) to its
    /// last completion (or the moment the unit left it); the part of that span charged to a neighbour is
    /// its overlap.
    /// </summary>
    private ProgramTiming Timing()
    {
        long period = _core.PeriodFs;
        var layers = new LayerTiming[_layers.Count];
        for (int l = 0; l < layers.Length; l++)
        {
            var (spanStart, spanEnd) = Span(l);
            long cycles = _core.CyclesSpanning(spanEnd - spanStart);
            long overlap = Math.Max(0, cycles - _core.CyclesSpanning(_headLeave[l] - _headEnter[l]));
            long dram = (_timeIn[l, (int)Activity.DramStall] + period / 2) / period;
            long link = (_timeIn[l, (int)Activity.LinkStall] + period / 2) / period;
            layers[l] = new LayerTiming(cycles, _computeCycles[l], dram, link, cycles - overlap - _computeCycles[l] - dram - link, _conflictCycles[l])
            {
                OverlapCycles = overlap,
            };
            if (_timeline != null && _drawsLayers)
            {
                string name = _timeline.LayerName(_timelineFirstLayer + l);
                _timeline.Add(_servedTrack, name, _headEnter[l], _headLeave[l], -1, -1, _timelineFirstLayer + l);
                _timeline.Add(_layerTracks[l % Buffers], name, spanStart, spanEnd, -1, -1, _timelineFirstLayer + l);
            }
        }
        return new ProgramTiming(layers, _core.CyclesSpanning(_end - _start));
    }
}
