using Sim.Memory.Dram;
using Sim.Tests.Config;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>An address mapping named as DRAMSim3 names it: its fields in two letters each, most significant first.</summary>
public class AddressMappingNameTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private DramConfig Ddr4With(string mapping)
    {
        string text = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml"));
        return DramConfigLoader.Load(_dir.Write("d.yaml", text.Replace("[row, bank, rank, column, bankgroup, channel]", mapping)));
    }

    [Test]
    public void ANameIsTheOrderOfFieldsItSpells()
    {
        Assert.That(Ddr4With("rochrababgco").Controller.AddressMapping, Is.EqualTo(new[]
            { AddressField.Row, AddressField.Channel, AddressField.Rank, AddressField.Bank, AddressField.BankGroup, AddressField.Column }));
        // The presets' list, spelt DRAMSim3's way, is the same mapping.
        Assert.That(Ddr4With("robaracobgch").Controller.AddressMapping, Is.EqualTo(Preset("ddr4-2400").Controller.AddressMapping));
    }

    [Test]
    public void RochrababgcoPutsARowsColumnsLowest()
    {
        // DDR4-2400 under DRAMSim3's DDR4 mapping: above the 6 bits of a 64-byte burst, 7 bits of column, 2 of bank
        // group, 2 of bank, 1 of rank (one channel: no bits), then the row.
        var mapper = new AddressMapper(Ddr4With("rochrababgco"));
        Assert.That(mapper.Map(64), Is.EqualTo(new DramAddress(0, 0, 0, 0, 0, 1)));
        Assert.That(mapper.Map(64 << 7), Is.EqualTo(new DramAddress(0, 0, 1, 0, 0, 0)));
        Assert.That(mapper.Map(64 << 9), Is.EqualTo(new DramAddress(0, 0, 0, 1, 0, 0)));
        Assert.That(mapper.Map(64 << 11), Is.EqualTo(new DramAddress(0, 1, 0, 0, 0, 0)));
        Assert.That(mapper.Map(64 << 12), Is.EqualTo(new DramAddress(0, 0, 0, 0, 1, 0)));

        // So a stream of 64-byte reads walks one row of one bank group: reads tCCD_L = 6 apart, where the presets'
        // mapping alternates bank groups and streams at tCCD_S = 4 (DramTimingTests).
        var log = new CommandLog();
        new DramTraceRunner(Ddr4With("rochrababgco"), log).Run(Reads(Enumerable.Range(0, 100).Select(i => i * 64L)));
        var reads = log.CyclesOf(DramCommand.Read);
        Assert.That(reads.Zip(reads.Skip(1), (a, b) => b - a), Is.All.EqualTo(6));
    }
}
