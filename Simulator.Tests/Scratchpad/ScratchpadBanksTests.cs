using Sim.PeArray;
using Sim.Config;
using Sim.Scratchpad;

namespace Sim.Tests.Scratchpad;

public class ScratchpadBanksTests
{
    // 4 banks of 16-byte lines: bytes 0-15 bank 0, 16-31 bank 1, 32-47 bank 2, 48-63 bank 3, 64-79 bank 0 ...
    private static ScratchpadBanks Banks(int ports = 1) => new(new ScratchpadConfig(4096, Banks: 4, WidthBytes: 16, Ports: ports));

    [Test]
    public void AccessesInDifferentBanksShareACycle()
    {
        // lines 0, 1, 2, 3: one per bank.
        Assert.That(Banks().CyclesFor([(0, 64)]), Is.EqualTo(1));
        Assert.That(Banks().CyclesFor([(0, 16), (16, 16), (48, 8)]), Is.EqualTo(1));
    }

    [Test]
    public void AccessesToOneBankSerialise()
    {
        // bytes 0 and 64 are lines 0 and 4, both bank 0; 128 is line 8, bank 0 again.
        Assert.That(Banks().CyclesFor([(0, 4), (64, 4)]), Is.EqualTo(2));
        Assert.That(Banks().CyclesFor([(0, 4), (64, 4), (128, 4)]), Is.EqualTo(3));
        // a 128-byte vector covers lines 0-7: two lines in every bank.
        Assert.That(Banks().CyclesFor([(0, 128)]), Is.EqualTo(2));
    }

    [Test]
    public void PortsServeSeveralLinesOfOneBankPerCycle()
    {
        Assert.That(Banks(ports: 2).CyclesFor([(0, 4), (64, 4)]), Is.EqualTo(1));
        Assert.That(Banks(ports: 2).CyclesFor([(0, 4), (64, 4), (128, 4)]), Is.EqualTo(2));
    }

    [Test]
    public void AMisalignedAccessTouchesTwoLines()
    {
        // bytes 60-67 straddle line 3 (bank 3) and line 4 (bank 0): two banks, one cycle;
        // with another access to bank 0 in the same cycle, two.
        Assert.That(Banks().CyclesFor([(60, 8)]), Is.EqualTo(1));
        Assert.That(Banks().CyclesFor([(60, 8), (0, 1)]), Is.EqualTo(2));
    }

    [Test]
    public void TileStallsComeFromTheBusiestBuffer()
    {
        // Input: 4 banks of 16 B, 1 port. Weights: 4 banks of 8 B, 1 port. Output: 2 banks of 64 B, 1 port.
        var config = new ScratchpadsConfig(
            Input: new ScratchpadConfig(4096, 4, 16, 1),
            Weight: new ScratchpadConfig(4096, 4, 8, 1),
            Output: new ScratchpadConfig(4096, 2, 64, 1));
        var traffic = new ScratchpadTraffic(config, operandBits: 8);

        // N = 16: a weight row is 16 B = lines 0-1 (banks 0, 1): no stall. A 32-operand vector is
        // lines 0-1 of the input: no stall. 16 int32 sums are one 64-B line, read and written in
        // the same cycle through one port: 2 cycles per vector, so 10 vectors cost 10 extra cycles.
        Assert.That(traffic.StallCycles(Dataflow.WeightStationary.Accesses(rows: 8, m: 10, k: 32, n: 16, issued: 10)), Is.EqualTo(10));

        // N = 40: a weight row is 40 B = lines 0-4, bank 0 twice: 2 cycles a row, 8 extra for the
        // load. 40 sums are 160 B = lines 0, 1, 2 in banks 0, 1, 0; read and written, bank 0 has
        // 4 accesses: 4 cycles per vector, 3 extra each: 30. In all 38.
        Assert.That(traffic.StallCycles(Dataflow.WeightStationary.Accesses(rows: 8, m: 10, k: 32, n: 40, issued: 10)), Is.EqualTo(38));
    }
}
