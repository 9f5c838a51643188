using System.Text.Json;
using Sim.Accelerator;
using Sim.Cli;
using Sim.Config;
using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;
using Sim.Memory.Dram;
using Sim.Tests.Config;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>The presets, the loader's positioned errors, trace mode and the accelerator-facing adapter.</summary>
public class DramTraceAndConfigTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    [Test]
    public void PresetsCarryTheTableValues()
    {
        var ddr4 = Preset("ddr4-2400");
        // tRTRS 1: DRAMSim3's DDR4_8Gb_x8_2400, which the reference table's DDR4-2400 column follows.
        Assert.That(ddr4.Timings, Is.EqualTo(new DramTimings(17, 12, 17, 17, 39, 56, 4, 6, 4, 6, 26, 18, 3, 9, 9, 420, 9360, 4, 1)));
        Assert.That(ddr4.Organization, Is.EqualTo(new DramOrganization(2, 4, 4, 65536, 8192, 64, 8, 64)));
        Assert.That(ddr4.PeakGBps, Is.EqualTo(19.2).Within(1e-9));
        Assert.That(Preset("ddr4-3200").PeakGBps, Is.EqualTo(25.6).Within(1e-9));
        Assert.That(Preset("lpddr4-2400").PeakGBps, Is.EqualTo(19.2).Within(1e-9));
        var hbm = Preset("hbm2");
        Assert.That(hbm.Channels, Is.EqualTo(8));
        Assert.That(hbm.Timings.TRFC, Is.EqualTo(260));
        Assert.That(hbm.Timings.BurstCycles, Is.EqualTo(2));
    }

    [Test]
    public void ChannelsCanBeOverridden()
    {
        string path = Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "hbm2.yaml");
        Assert.That(DramTraceCommand.LoadConfig(null, path, 2).Channels, Is.EqualTo(2));
        var e = Assert.Throws<InputError>(() => DramTraceCommand.LoadConfig(null, path, 0))!;
        Assert.That(e.Message, Does.StartWith("error: --channels:"));
    }

    [TestCase("  cl: 17", "  cl: -3", 15, 7, "timing.cl: expected a positive integer, got -3")]
    [TestCase("  page_policy: open", "  page_policy: lazy", 35, 16, "controller.page_policy: unknown value 'lazy'")]
    [TestCase("  bytes_per_burst: 64", "  bytes_per_burst: 32", 13, 20, "bytes_per_burst: 32 does not match bus_width_bits x burst_length / 8")]
    [TestCase("[row, bank, rank, column, bankgroup, channel]", "[row, bank, rank, column, bankgroup, bank]", 38, 57, "address_mapping[5]: 'bank' appears twice")]
    [TestCase("[row, bank, rank, column, bankgroup, channel]", "[row, bank, rank, column, bankgroup]", 38, 20, "address_mapping: missing channel")]
    [TestCase("[row, bank, rank, column, bankgroup, channel]", "rochrababgxx", 38, 20, "controller.address_mapping: 'rochrababgxx': 'xx' (letters 11-12) is not one of ch, ra, bg, ba, ro, co")]
    [TestCase("[row, bank, rank, column, bankgroup, channel]", "rochrababgba", 38, 20, "controller.address_mapping: 'rochrababgba': 'ba' appears twice")]
    [TestCase("[row, bank, rank, column, bankgroup, channel]", "rochra", 38, 20, "controller.address_mapping: 'rochra' is not a DRAMSim3 mapping name: expected six two-letter fields")]
    [TestCase("[row, bank, rank, column, bankgroup, channel]", "{ row: 1 }", 38, 20, "controller.address_mapping: expected a list of the fields row, bank, bankgroup, rank, column, channel, most significant first, or a DRAMSim3 mapping name such as rochrababgco, got a mapping")]
    [TestCase("  trtrs: 1", "  trtrs: -1", 32, 10, "timing.trtrs: expected a non-negative integer, got -1")]
    [TestCase("  trtrs: 1\n", "", 14, 1, "timing: missing required key 'trtrs' (rank-to-rank switching on the data bus, cycles; required with 2 ranks)")]
    public void BadValuesArePositioned(string good, string bad, int line, int column, string reason)
    {
        string text = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml"));
        // Drop the comment header so that line numbers count from the name.
        text = string.Join('\n', text.Split('\n').SkipWhile(l => l.StartsWith('#')));
        Assert.That(text, Does.Contain(good));
        string path = _dir.Write("d.yaml", text.Replace(good, bad));
        var e = Assert.Throws<InputError>(() => DramConfigLoader.Load(path))!;
        Assert.That(e.Message, Does.StartWith($"{path}:{line}:{column}: error: "));
        Assert.That(e.Message, Does.Contain(reason));
    }

    [Test]
    public void TraceModeRunsAFileAndReportsConsistentFigures()
    {
        string path = _dir.Write("t.trc", """
            # DRAMSim3 format
            0x0 READ 0
            0x40 READ 0
            0x80 WRITE 5

            0x100000 READ 20
            """);
        var config = DramTraceCommand.LoadConfig(null, Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml"), null);
        var result = new DramTraceRunner(config).Run(DramTrace.Load(path));
        using var json = JsonDocument.Parse(DramTraceCommand.ToJson(result));
        var root = json.RootElement;
        string[] fields = ["total_cycles", "avg_read_latency_cycles", "bandwidth_gbps", "row_hit_rate", "reads", "writes", "activates", "precharges", "refreshes"];
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(fields));
        Assert.That(root.GetProperty("reads").GetInt64(), Is.EqualTo(3));
        Assert.That(root.GetProperty("writes").GetInt64(), Is.EqualTo(1));
        // Four 64-byte bursts over total_cycles of 1/1.2 ns.
        long cycles = root.GetProperty("total_cycles").GetInt64();
        Assert.That(root.GetProperty("bandwidth_gbps").GetDouble(), Is.EqualTo(4 * 64 / (cycles / 1.2)).Within(1e-3));
        Assert.That(root.GetProperty("row_hit_rate").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(root.GetProperty("activates").GetInt64(), Is.GreaterThanOrEqualTo(1));
    }

    [TestCase("0x40 READ 0\n1234 READ 5\n", 2, 1, "expected a hexadecimal address such as 0x1f40, got '1234'")]
    [TestCase("0x0 READ 0\n0x40 LOAD 0\n", 2, 6, "expected READ or WRITE, got 'LOAD'")]
    [TestCase("0x40 LOAD 0\n", 1, 6, "expected READ or WRITE (is it a trace file?)")]
    [TestCase("0x40 READ\n", 1, 10, "expected the request's cycle after READ or WRITE")]
    [TestCase("0x0 READ 0\n0x40 WRITE -4\n", 2, 12, "expected the request's cycle, a non-negative integer, got '-4'")]
    [TestCase("0x0 READ 0\n0x40 READ 3 extra\n", 2, 13, "unexpected 'extra'")]
    [TestCase("0x40 READ 4611686018427387904\n", 1, 11, "cycle 4611686018427387904 is beyond the last a trace may use, 68719476736")]
    [TestCase("0x40 READ 9223372036854775807\n", 1, 11, "cycle 9223372036854775807 is beyond the last a trace may use")]
    public void BadTraceLinesArePositioned(string text, int line, int column, string reason)
    {
        string path = _dir.Write("bad.trc", text);
        var e = Assert.Throws<InputError>(() => DramTrace.Load(path))!;
        Assert.That(e.Message, Does.StartWith($"{path}:{line}:{column}: error: "));
        Assert.That(e.Message, Does.Contain(reason));
    }

    [Test]
    public void AFileThatIsNotATraceIsNotQuoted()
    {
        string path = _dir.Write("passwd", "root:x:0:0:root:/root:/bin/bash\n");
        Assert.That(Assert.Throws<InputError>(() => DramTrace.Load(path))!.Message,
            Is.EqualTo($"{path}:1:1: error: expected a hexadecimal address such as 0x1f40 (is it a trace file?)"));
    }

    [Test]
    public void ALineThatNeverEndsIsAnErrorNotAnEndlessRead() =>
        // As /dev/zero gives: NULs and no line break.
        Assert.That(Assert.Throws<InputError>(() => DramTrace.Parse(new StringReader(new string('\0', 10_000)), "zero.trc"))!.Message,
            Is.EqualTo("zero.trc:1:4097: error: a line longer than 4096 characters (is it a trace file?)"));

    [Test]
    public void DramMemoryCompletesATransferWhenItsLastBurstReturns()
    {
        // One burst to a closed bank: tRCD + CL + burst = 38 DRAM cycles at 1200 MHz.
        var engine = new EventEngine();
        var memory = new DramMemory(engine, Preset("ddr4-2400"));
        var done = new Recorder(engine);
        memory.Transfer(0, 64, isWrite: false, done, kind: 3, argument: 9);
        engine.Run();
        Assert.That(done.Events, Is.EqualTo(new[] { (memory.Clock.TimeOf(38), 3, 9L) }));

        // 64 KiB: 1024 bursts through a 32-deep queue, one completion; at most peak bandwidth.
        long start = engine.Now;
        memory.Transfer(1 << 20, 65536, isWrite: true, done, kind: 4, argument: 1);
        engine.Run();
        Assert.That(done.Events, Has.Count.EqualTo(2));
        double seconds = (done.Events[1].Time - start) / 1e15;
        Assert.That(65536 / seconds / 1e9, Is.LessThanOrEqualTo(19.2));
        Assert.That(memory.BytesRead, Is.EqualTo(64));
        Assert.That(memory.BytesWritten, Is.EqualTo(65536));
        Assert.That(memory.TotalStats().Writes, Is.EqualTo(1024));
    }

    [Test]
    public void TheAcceleratorControllerRunsOnDram()
    {
        var engine = new EventEngine();
        var memory = new DramMemory(engine, Preset("hbm2"));
        var controller = new Controller(engine, memory, new HostLinkModel(engine, HostLinkConfig.Default), ClockDomain.FromMhz("core", 1000));
        static TileStep Step(int i, long store) => new(
            new MemoryRange(i * 4096, 4096), MemoryRange.None, 100, store > 0 ? new MemoryRange((1L << 32) + i * store, store) : MemoryRange.None);
        var timing = controller.Run(new LayerCommands([Step(0, 0), Step(1, 1024), Step(2, 1024)], 0, 0));
        Assert.That(timing.ComputeCycles, Is.EqualTo(300));
        Assert.That(timing.Cycles, Is.GreaterThan(300));
        Assert.That(timing.DramStallCycles, Is.GreaterThan(0));
        Assert.That(memory.BytesRead, Is.EqualTo(3 * 4096));
        Assert.That(memory.BytesWritten, Is.EqualTo(2048));
    }

    private sealed class Recorder(EventEngine engine) : IEventTarget
    {
        public readonly List<(long Time, int Kind, long Argument)> Events = new();
        public void OnEvent(int kind, long argument) => Events.Add((engine.Now, kind, argument));
    }
}
