using Sim.Config;
using Sim.Memory.Dram;
using Sim.Tests.Config;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>
/// Separate read and write queues with write draining (controller.write_queue), on DDR4-2400: tRCD 17, CL 17,
/// CWL 12, tRAS 39, tRP 17, tRC 56, tRTP 9, tCCD_L 6, tRTW = CL + 4 + 2 - CWL = 11, write to read in another
/// bank group CWL + 4 + tWTR_S = 19.
/// </summary>
public class WriteDrainTests
{
    private static readonly DramConfig Ddr4 = Preset("ddr4-2400");

    /// <summary>
    /// 16 reads at cycle 0, each to another row of bank 0 in group 0 (so one every tRC: ACT at 56i, READ at
    /// 56i + 17, the next read's PRE at 56i + tRAS = 56i + 39), then 16 writes to one row of bank 0 in group 1,
    /// arriving at 28 + 56i.
    /// </summary>
    private static DramTrace ReadsWithWritesTrickling() => Trace(
        Enumerable.Range(0, 16).Select(i => (Ddr4Address(row: i), false, 0L))
        .Concat(Enumerable.Range(0, 16).Select(i => (Ddr4Address(row: 0, group: 1, column: i), true, 28 + 56L * i))));

    private static (bool IsWrite, long Cycle)[] Columns(DramConfig config)
    {
        var log = new CommandLog();
        new DramTraceRunner(config, log).Run(ReadsWithWritesTrickling());
        return log.Commands.Where(c => c.Command is DramCommand.Read or DramCommand.Write)
            .Select(c => (c.Command == DramCommand.Write, c.Cycle)).ToArray();
    }

    private static int Turnarounds((bool IsWrite, long Cycle)[] columns) =>
        columns.Zip(columns.Skip(1), (a, b) => a.IsWrite != b.IsWrite ? 1 : 0).Sum();

    [Test]
    public void DrainingGroupsWritesAndSavesTurnarounds()
    {
        // Shared queue: each write is served as it arrives. W0 needs its bank opened: ACT at 28, WRITE at 45;
        // W_i (i >= 1) hits the open row at 28 + 56i, 11 = tRTW after read i, and read i + 1 follows 45 cycles
        // later (>= 19). So reads and writes alternate, R0 W0 R1 W1 ... R15 W15: 31 turnarounds.
        var shared = Columns(Ddr4);
        Assert.That(shared.Select(c => c.IsWrite), Is.EqualTo(Enumerable.Range(0, 32).Select(i => i % 2 == 1)));
        Assert.That(shared.Where(c => c.IsWrite).Select(c => c.Cycle),
            Is.EqualTo(Enumerable.Range(0, 16).Select(i => i == 0 ? 45L : 28 + 56L * i)));
        Assert.That(Turnarounds(shared), Is.EqualTo(31));

        // A write queue of 8 entries, drained from 8 down to 0. Reads are waiting throughout, so the writes
        // wait. R7 reads at 56 x 7 + 17 = 409; W7 arrives at 28 + 56 x 7 = 420: 8 writes, the drain starts, and
        // R8's PRE (due at 431) waits. W0's ACT at 420, writes tCCD_L = 6 apart from 437: W0..W7 at 437..479;
        // W8, arriving at 476 while the drain lasts, at 485. No write left: reads again, R8's PRE at 486, ACT 503,
        // READ 520, then one read every tRC to R15 at 912. W9..W15 arrive while reads wait, too few to drain;
        // when R15 has gone no read waits, and they go from 912 + tRTW = 923, 6 apart. Three turnarounds.
        var config = Ddr4 with { Controller = Ddr4.Controller with { WriteQueue = new WriteQueueConfig(8, 8, 0) } };
        var drained = Columns(config);
        bool[] order = [.. Enumerable.Repeat(false, 8), .. Enumerable.Repeat(true, 9), .. Enumerable.Repeat(false, 8), .. Enumerable.Repeat(true, 7)];
        Assert.That(drained.Select(c => c.IsWrite), Is.EqualTo(order));
        Assert.That(drained.Where(c => c.IsWrite).Select(c => c.Cycle),
            Is.EqualTo(Enumerable.Range(0, 9).Select(i => 437 + 6L * i).Concat(Enumerable.Range(0, 7).Select(i => 923 + 6L * i))));
        Assert.That(drained.Where(c => !c.IsWrite).Select(c => c.Cycle),
            Is.EqualTo(Enumerable.Range(0, 8).Select(i => 17 + 56L * i).Concat(Enumerable.Range(0, 8).Select(i => 520 + 56L * i))));
        Assert.That(Turnarounds(drained), Is.EqualTo(3));
    }

    [TestCase(PagePolicy.Open)]
    [TestCase(PagePolicy.Close)]
    public void EveryRequestCompletesOnceWithAWriteQueue(PagePolicy policy)
    {
        // Random reads and writes (a third), arriving in bursts that fill both queues, over 2 channels: nothing
        // is lost, served twice or stranded (a write waits only while reads do), and no write is served
        // before it arrived or faster than a row hit (CWL + burst = 16).
        var random = new Random(5);
        long cycle = 0;
        var trace = Trace(Enumerable.Range(0, 20_000).Select(_ =>
            (random.NextInt64(1L << 34) & ~63L, random.Next(3) == 0, cycle += random.Next(10) < 8 ? 0 : random.Next(1, 400))));
        var config = Ddr4 with
        {
            Channels = 2,
            Controller = Ddr4.Controller with { PagePolicy = policy, WriteQueue = new WriteQueueConfig(16, 12, 4) },
        };
        var completions = new CompletionLog();
        var result = new DramTraceRunner(config) { Completions = completions }.Run(trace);
        Assert.That(completions.ByTag.Keys.Order(), Is.EqualTo(Enumerable.Range(0, 20_000)));
        Assert.That(completions.ByTag.Values.Select(v => v.Count), Is.All.EqualTo(1));
        Assert.That(result.Stats.Writes, Is.EqualTo(trace.IsWrite.Count(w => w)));
        for (int i = 0; i < trace.Count; i++)
        {
            var (isWrite, arrival, done) = completions.ByTag[i][0];
            Assert.That(arrival, Is.GreaterThanOrEqualTo(trace.Cycles[i]));
            Assert.That(done - arrival, Is.GreaterThanOrEqualTo(isWrite ? 16 : 21));
        }
    }

    [Test]
    public void ReadsAndWritesHaveTheirOwnSlots()
    {
        // Read queue 2 (queue_depth), write queue 3: two writes leave room for a third and for both reads.
        var config = Ddr4 with
        {
            Controller = Ddr4.Controller with { QueueDepth = 2, WriteQueue = new WriteQueueConfig(3, 3, 0) },
        };
        var channel = new DramChannel(0, config, new CompletionLog());
        var mapper = new AddressMapper(config);
        for (int i = 0; i < 2; i++) channel.Enqueue(i, isWrite: true, mapper.Map(Ddr4Address(row: 1, column: i)), 0);
        Assert.That(channel.CanAccept(isWrite: true), Is.True);
        channel.Enqueue(2, isWrite: true, mapper.Map(Ddr4Address(row: 1, column: 2)), 0);
        Assert.That(channel.CanAccept(isWrite: true), Is.False);
        Assert.That(channel.CanAccept(isWrite: false), Is.True);
        for (int i = 0; i < 2; i++) channel.Enqueue(3 + i, isWrite: false, mapper.Map(Ddr4Address(row: 2, column: i)), 0);
        Assert.That(channel.CanAccept(isWrite: false), Is.False);
        Assert.That(channel.Queued, Is.EqualTo(5));
    }

    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    /// <summary>The DDR4-2400 preset, headerless, with <paramref name="line"/> after its page policy (line 35): at line 36.</summary>
    private string PresetWith(string line)
    {
        string text = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml"));
        text = string.Join('\n', text.Split('\n').SkipWhile(l => l.StartsWith('#')));
        return _dir.Write("d.yaml", text.Replace("  page_policy: open\n", "  page_policy: open\n" + line + "\n"));
    }

    [Test]
    public void AWriteQueueIsRead()
    {
        var config = DramConfigLoader.Load(PresetWith("  write_queue: { entries: 16, high_watermark: 12, low_watermark: 4 }"));
        Assert.That(config.Controller.WriteQueue, Is.EqualTo(new WriteQueueConfig(16, 12, 4)));
        Assert.That(config.Controller.QueueDepth, Is.EqualTo(32));
    }

    [TestCase("  write_queue: { entries: 8, high_watermark: 9, low_watermark: 0 }", 46,
        "controller.write_queue.high_watermark: expected at most entries (8), got 9")]
    [TestCase("  write_queue: { entries: 8, high_watermark: 4, low_watermark: 4 }", 64,
        "controller.write_queue.low_watermark: expected less than high_watermark (4), got 4")]
    [TestCase("  write_queue: { entries: 0, high_watermark: 4, low_watermark: 0 }", 27,
        "controller.write_queue.entries: expected a positive integer, got 0")]
    [TestCase("  write_queue: { entries: 8, high: 4, low_watermark: 0 }", 30,
        "unknown key 'high' in controller.write_queue (expected one of: entries, high_watermark, low_watermark)")]
    [TestCase("  write_queue: { entries: 8, high_watermark: 4 }", 3,
        "controller.write_queue: missing required key 'low_watermark'")]
    [TestCase("  write_queue: 8", 16, "controller.write_queue: expected a mapping of keys, got 8")]
    [TestCase("  refresh_stagger: dramsim3", 20, "controller.refresh_stagger: unknown value 'dramsim3' (expected one of: after_interval, within_interval)")]
    public void BadWriteQueuesArePositioned(string line, int column, string reason)
    {
        string path = PresetWith(line);
        var e = Assert.Throws<InputError>(() => DramConfigLoader.Load(path))!;
        Assert.That(e.Message, Does.StartWith($"{path}:36:{column}: error: "));
        Assert.That(e.Message, Does.Contain(reason));
    }
}
