namespace Sim.Engine;

/// <summary>
/// The discrete-event kernel: a clock of simulated time and a queue of future events. Components
/// schedule events for themselves or each other; the engine delivers them in (time, sequence) order.
/// </summary>
internal sealed class EventEngine
{
    private readonly EventQueue _queue = new();

    /// <summary>Current simulated time in femtoseconds.</summary>
    public long Now { get; private set; }

    public long EventsProcessed { get; private set; }

    public int Pending => _queue.Count;

    public void ScheduleAt(long time, IEventTarget target, int kind, long argument = 0)
    {
        if (time < Now)
            throw new InvalidOperationException($"event scheduled in the past: {time} fs < now {Now} fs");
        _queue.Push(time, target, kind, argument);
    }

    public void ScheduleAfter(long delayFs, IEventTarget target, int kind, long argument = 0) =>
        ScheduleAt(Now + delayFs, target, kind, argument);

    /// <summary>
    /// Schedules on <paramref name="clock"/>'s edge <paramref name="cycles"/> cycles after its first
    /// edge at or after now: how a component acts on its own clock, whichever domain woke it.
    /// </summary>
    public void ScheduleOnEdge(ClockDomain clock, long cycles, IEventTarget target, int kind, long argument = 0) =>
        _queue.Push(clock.EdgeAtOrAfter(Now) + cycles * clock.PeriodFs, target, kind, argument);

    /// <summary>Runs until no event is left.</summary>
    public void Run() => RunUpTo(long.MaxValue);

    /// <summary>Runs every event at or before <paramref name="endTime"/>, then moves the clock to it.</summary>
    public void RunUntil(long endTime)
    {
        RunUpTo(endTime);
        if (endTime != long.MaxValue && endTime > Now) Now = endTime;
    }

    /// <summary>Runs every event at or before <paramref name="deadline"/>, leaving the clock at the last one run.</summary>
    public void RunUpTo(long deadline)
    {
        while (_queue.Count > 0 && _queue.PeekTime <= deadline)
        {
            _queue.Pop(out long time, out var target, out int kind, out long argument);
            Now = time;
            EventsProcessed++;
            target.OnEvent(kind, argument);
        }
    }
}
