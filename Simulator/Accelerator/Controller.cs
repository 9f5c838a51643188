using Sim.Engine;
using Sim.Memory;

namespace Sim.Accelerator;

/// <summary>
/// Runs a layer's command stream on the event engine. The input scratchpad is double-buffered:
/// the load of step i+1 may start as soon as step i-1's compute has freed its half, so loads
/// overlap compute. A step computes once its load is done and the previous step has finished;
/// its results are stored behind it. Loads and stores share the memory in issue order.
/// </summary>
public sealed class Controller : IEventTarget
{
    private const int LoadDone = 0, ComputeDone = 1, StoreDone = 2;
    private const int Buffers = 2;

    private readonly EventEngine _engine;
    private readonly IMemory _memory;
    private readonly ClockDomain _core;

    private IReadOnlyList<TileStep> _steps = Array.Empty<TileStep>();
    private int _nextLoad, _nextCompute, _storesPending;
    private bool _computing;
    private bool[] _loaded = Array.Empty<bool>();
    private long _start, _end;

    // TileStep carries no tensor addresses yet, so loads read one region sequentially and stores
    // write another: a DRAM model then sees the streaming traffic a tiled layer mostly makes.
    private const long StoreRegion = 1L << 32;
    private long _nextLoadAddress, _nextStoreAddress = StoreRegion;

    /// <summary>Core cycles the compute unit was busy in the last layer run.</summary>
    public long ComputeCycles { get; private set; }

    public Controller(EventEngine engine, IMemory memory, ClockDomain core)
    {
        _engine = engine;
        _memory = memory;
        _core = core;
    }

    /// <summary>Runs the steps to completion and returns the layer's length in core cycles.</summary>
    public long Run(IReadOnlyList<TileStep> steps)
    {
        _steps = steps;
        _nextLoad = _nextCompute = _storesPending = 0;
        _nextLoadAddress = 0;
        _nextStoreAddress = StoreRegion;
        _loaded = new bool[steps.Count];
        _computing = false;
        ComputeCycles = 0;
        _start = _core.EdgeAtOrAfter(_engine.Now);
        _end = _start;
        IssueLoads();
        _engine.Run();
        if (_nextCompute != steps.Count || _storesPending != 0)
            throw new InvalidOperationException("the command stream stopped before its last step");
        return _core.CyclesSpanning(_end - _start);
    }

    public void OnEvent(int kind, long argument)
    {
        switch (kind)
        {
            case LoadDone:
                _loaded[argument] = true;
                TryCompute();
                break;
            case ComputeDone:
                _computing = false;
                var step = _steps[(int)argument];
                if (step.StoreBytes > 0)
                {
                    _storesPending++;
                    _memory.Transfer(_nextStoreAddress, step.StoreBytes, isWrite: true, this, StoreDone, argument);
                    _nextStoreAddress += step.StoreBytes;
                }
                _end = Math.Max(_end, _engine.Now);
                IssueLoads();
                TryCompute();
                break;
            case StoreDone:
                _storesPending--;
                _end = Math.Max(_end, _engine.Now);
                break;
        }
    }

    /// <summary>Starts every load whose buffer half is free: at most two steps ahead of compute.</summary>
    private void IssueLoads()
    {
        int finished = _nextCompute - (_computing ? 1 : 0);
        while (_nextLoad < _steps.Count && _nextLoad < finished + Buffers)
        {
            long bytes = _steps[_nextLoad].LoadBytes;
            if (bytes > 0)
            {
                _memory.Transfer(_nextLoadAddress, bytes, isWrite: false, this, LoadDone, _nextLoad);
                _nextLoadAddress += bytes;
            }
            else _engine.ScheduleAt(_engine.Now, this, LoadDone, _nextLoad);
            _nextLoad++;
        }
    }

    private void TryCompute()
    {
        if (_computing || _nextCompute >= _steps.Count || !_loaded[_nextCompute]) return;
        long cycles = _steps[_nextCompute].ComputeCycles;
        ComputeCycles += cycles;
        _computing = true;
        _engine.ScheduleOnEdge(_core, cycles, this, ComputeDone, _nextCompute);
        _nextCompute++;
    }
}
