using Sim.Engine;

namespace Sim.Tests.Engine;

public class EventEngineTests
{
    /// <summary>Records every event it receives as (time, kind, argument).</summary>
    private sealed class Recorder(EventEngine engine) : IEventTarget
    {
        public readonly List<(long Time, int Kind, long Arg)> Seen = new();
        public void OnEvent(int kind, long argument) => Seen.Add((engine.Now, kind, argument));
    }

    [Test]
    public void EventsRunInTimeOrderThenSchedulingOrder()
    {
        var engine = new EventEngine();
        var r = new Recorder(engine);
        engine.ScheduleAt(300, r, 1);
        engine.ScheduleAt(100, r, 2);
        engine.ScheduleAt(300, r, 3);   // same time as kind 1, scheduled later: runs after it
        engine.ScheduleAt(200, r, 4);
        engine.ScheduleAt(100, r, 5);
        engine.Run();
        Assert.That(r.Seen.Select(e => e.Kind), Is.EqualTo(new[] { 2, 5, 4, 1, 3 }));
        Assert.That(r.Seen.Select(e => e.Time), Is.EqualTo(new long[] { 100, 100, 200, 300, 300 }));
    }

    [Test]
    public void SameTimeOrderHoldsAcrossManyEvents()
    {
        // 10,000 events at 10 distinct times, scheduled in a scrambled order: within one time they
        // must come out in scheduling order however the heap rearranges them.
        var engine = new EventEngine();
        var r = new Recorder(engine);
        for (int i = 0; i < 10_000; i++) engine.ScheduleAt((i * 7919) % 10, r, 0, i);
        engine.Run();
        for (int i = 1; i < r.Seen.Count; i++)
        {
            var (t0, _, a0) = r.Seen[i - 1];
            var (t1, _, a1) = r.Seen[i];
            Assert.That(t1 > t0 || (t1 == t0 && a1 > a0), $"event {i} out of order");
        }
    }

    [Test]
    public void SchedulingInThePastIsRejected()
    {
        var engine = new EventEngine();
        var r = new Recorder(engine);
        engine.ScheduleAt(1000, r, 0);
        engine.Run();
        Assert.Throws<InvalidOperationException>(() => engine.ScheduleAt(999, r, 0));
    }

    [Test]
    public void ClockPeriodsFromFrequency()
    {
        Assert.That(ClockDomain.FromMhz("core", 1000).PeriodFs, Is.EqualTo(1_000_000));
        // DDR4-2400's clock is 1200 MHz: 833.333 ps, kept to the femtosecond.
        Assert.That(ClockDomain.FromMhz("dram", 1200).PeriodFs, Is.EqualTo(833_333));
    }

    [Test]
    public void CrossingIntoASlowerDomainWaitsForItsNextEdge()
    {
        // A 1 GHz core (1 ns) hands a request to a 300 MHz unit (3.333 ns) at core cycle 4 (t = 4 ns).
        // The unit first sees it on its edge at or after 4 ns: edge 2 at 6.667 ns; one cycle of work
        // later (edge 3, 10 ns) it answers, and the core picks the answer up at its edge at 10 ns.
        var engine = new EventEngine();
        var core = ClockDomain.FromMhz("core", 1000);
        var slow = ClockDomain.FromMhz("slow", 300);
        var log = new List<string>();
        var unit = new Relay(engine, slow, log, "unit");
        var cpu = new Relay(engine, core, log, "core");
        unit.Next = cpu;
        engine.ScheduleAt(core.TimeOf(4), unit, 0);
        engine.Run();
        Assert.That(slow.PeriodFs, Is.EqualTo(3_333_333));
        Assert.That(log, Is.EqualTo(new[] { "unit@6666666", "core@10000000" }));
    }

    [Test]
    public void CrossingIntoAFasterDomainIsSeenOnTheVeryNextEdge()
    {
        // A 250 MHz unit (4 ns) signals at its edge 1 (4 ns) plus one cycle: t = 8 ns.
        // A 1.2 GHz domain (833,333 fs) first sees it at edge 10 = 8,333,330 fs.
        var engine = new EventEngine();
        var slow = ClockDomain.FromMhz("slow", 250);
        var fast = ClockDomain.FromMhz("fast", 1200);
        var log = new List<string>();
        var receiver = new Relay(engine, fast, log, "fast");
        var sender = new Relay(engine, slow, log, "slow") { Next = receiver };
        engine.ScheduleAt(slow.TimeOf(1), sender, 0);
        engine.Run();
        Assert.That(log, Is.EqualTo(new[] { "slow@4000000", "fast@8333330" }));
    }

    /// <summary>
    /// Acts on its own clock: on an event, it waits for its next edge, logs it, and after one more
    /// cycle of work hands over to <see cref="Next"/>.
    /// </summary>
    private sealed class Relay(EventEngine engine, ClockDomain clock, List<string> log, string name) : IEventTarget
    {
        public Relay? Next { get; set; }
        public void OnEvent(int kind, long argument)
        {
            if (kind == 0)
            {
                engine.ScheduleOnEdge(clock, 0, this, 1);
                return;
            }
            log.Add($"{name}@{engine.Now}");
            if (Next != null) engine.ScheduleAfter(clock.PeriodFs, Next, 0);
        }
    }

    [Test]
    public void SameScheduleGivesTheSameTrace()
    {
        static List<(long, int, long)> RunOnce()
        {
            var engine = new EventEngine();
            var r = new Recorder(engine);
            var rng = new Random(1234);
            for (int i = 0; i < 5000; i++) engine.ScheduleAt(rng.Next(0, 100), r, rng.Next(4), i);
            engine.Run();
            return r.Seen;
        }
        var first = RunOnce();
        var second = RunOnce();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void RunUntilStopsAtTheGivenTime()
    {
        var engine = new EventEngine();
        var r = new Recorder(engine);
        engine.ScheduleAt(10, r, 0);
        engine.ScheduleAt(20, r, 1);
        engine.RunUntil(15);
        Assert.That(r.Seen, Has.Count.EqualTo(1));
        Assert.That(engine.Now, Is.EqualTo(15));
        Assert.That(engine.Pending, Is.EqualTo(1));
    }
}
