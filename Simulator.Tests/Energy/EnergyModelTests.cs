using Sim.Config;
using Sim.Energy;
using Sim.Run;
using Sim.Tests.Run;

namespace Sim.Tests.Energy;

public class EnergyModelTests
{
    [Test]
    public void OneSmallGemmByHand()
    {
        // Y[5,40] = A[5,70] x W[70,40] on the 16x16 test array (1 GHz, simple memory) with the 45 nm table,
        // run turned round (see ScenarioRunnerTests): W^T[40,70] streams through A^T[70,5] held in the
        // array. Tiles: K chunks 16,16,16,16,6; one block of N' = 5 columns; 40 streamed rows each.
        // Offloaded alone, so the link carries the operands and outputs.
        var run = ScenarioRunner.Run(TestScenarios.OneAtATime(TestScenarios.Array16(), new GemmLayer("fc", 5, 70, 40)));
        var fc = run.Layers.Single();
        double ns = fc.Cycles;    // one cycle = 1 ns, and mW x ns = pJ
        var e = fc.Energy.Components.ToDictionary(c => c.Component);

        // PE array: 14,000 int8 MACs, all multiplying (no zero gating on this hardware): 0.30 pJ each, or
        // 0.20 when the activation repeats the PE's previous one (counted by the PE model), plus 0.30 of
        // registers each (the table's 48-bit int8 PE); leakage 256 PEs x 0.015 mW.
        long repeated = fc.MacsRepeated;
        Assert.That((fc.MacsActive, fc.MacsGated), Is.EqualTo((14000L, 0L)));
        Assert.That(repeated, Is.GreaterThan(0));
        Assert.That(e["pe_array"].DynamicPj, Is.EqualTo((14000 - repeated) * 0.3 + repeated * 0.2 + 14000 * 0.3).Within(1e-6));
        Assert.That(e["pe_array"].LeakagePj, Is.EqualTo(256 * 0.015 * ns).Within(1e-6));

        // Input buffer, 64 KiB in 4 banks of 16 KiB, 16-byte lines: an access is priced at its bank's 16 KiB,
        // 15 pJ per 64 bits (10 + 10 x (4 - 3) / (5 - 3) on log2 KiB between 8 and 32 KiB), 30 pJ a line.
        // 5 tiles x 40 vector reads = 200; DMA writes 4 x 40 lines + 15 lines (40 x 6 bytes) = 175: 375 accesses.
        Assert.That(e["input_scratchpad"].DynamicPj, Is.EqualTo(375 * 30).Within(1e-6));
        // energy.csv shows the counts priced beside the pJ.
        Assert.That(e["input_scratchpad"].ActionCounts, Is.EqualTo("lines read 200; written 175"));
        Assert.That(e["pe_array"].ActionCounts, Is.EqualTo($"macs active {14000 - repeated}; unchanged operand {repeated}; gated 0; register updates 14000"));
        Assert.That(e["input_scratchpad"].LeakagePj, Is.EqualTo(64 * 0.01 * ns).Within(1e-6));

        // Weight buffer, same banks and width: one 5-byte row read per K row (70); DMA writes
        // 4 x 5 lines (16 x 5 bytes) + 2 lines (6 x 5 bytes) = 22: 92 accesses x 30 pJ.
        Assert.That(e["weight_scratchpad"].DynamicPj, Is.EqualTo(92 * 30).Within(1e-6));

        // Output buffer, 32 KiB in 4 banks of 8 KiB, 64-byte lines: 10 pJ per 64 bits, 80 pJ a line. A row of
        // 5 partial sums read and written once per streamed row: 5 tiles x 40 x 2 = 400; the store reads 200
        // bytes, 4 lines. 404 accesses.
        Assert.That(e["output_scratchpad"].DynamicPj, Is.EqualTo(404 * 80).Within(1e-6));

        // DRAM (simple model, DDR4's 15 pJ/bit): 3,150 bytes read + 200 written; 300 mW background.
        Assert.That(e["dram"].DynamicPj, Is.EqualTo(3350 * 8 * 15).Within(1e-6));
        Assert.That(e["dram"].ActionCounts, Is.EqualTo("bits 26800; activates 0; refreshes 0"));
        Assert.That(e["dram"].LeakagePj, Is.EqualTo(300 * ns).Within(1e-6));

        // Host link, 5 pJ per wire bit: 3,150 bytes up in 13 TLPs (+42 bytes each) and 200 down in one.
        Assert.That(e["host_link"].DynamicPj, Is.EqualTo((3150 + 13 * 42 + 200 + 42) * 8 * 5).Within(1e-6));
        Assert.That(e["vector_unit"].TotalPj, Is.Zero);
    }

    [Test]
    public void PeRegisterEnergyScalesWithTheRegisterBits()
    {
        // The same GEMM in bf16 with fp32 partial sums: registers of 16 + 16 + 32 = 64 bits, 64/48 of the int8
        // PE's 0.30 pJ a MAC; the multiply-add at the table's bf16 figures (1.70 active, 1.13 unchanged).
        var hw = TestScenarios.Array16() with { NumberFormat = Sim.Numerics.ElementFormat.Bf16, Accumulator = Sim.Numerics.ElementFormat.Fp32 };
        var fc = ScenarioRunner.Run(TestScenarios.OneAtATime(hw, new GemmLayer("fc", 5, 70, 40))).Layers.Single();
        long repeated = fc.MacsRepeated;
        var pe = fc.Energy.Components.Single(c => c.Component == "pe_array");
        Assert.That(pe.DynamicPj, Is.EqualTo((14000 - repeated) * 1.70 + repeated * 1.13 + 14000 * 0.30 * 64 / 48).Within(1e-6));
    }

    [Test]
    public void SramEnergyInterpolatesOnLogCapacity()
    {
        var table = EnergyTableLoader.LoadDefault();
        Assert.That(table.SramAccessPj(8 * 1024, 8), Is.EqualTo(10));          // a table point
        Assert.That(table.SramAccessPj(16 * 1024, 8), Is.EqualTo(15));         // halfway on log2 from 8 to 32 KiB
        Assert.That(table.SramAccessPj(2 * 1024, 8), Is.EqualTo(10));          // below the table: flat
        Assert.That(table.SramAccessPj(1024 * 1024, 32), Is.EqualTo(400));     // 100 pJ per 64 bits x 4
    }

    [Test]
    public void GatedAndUnchangedMacsCostLess()
    {
        var hw = TestScenarios.Array16();
        LayerActions Actions(MacCounts macs) => new("int8", macs, default, default, default, 0, 0, 0, 0, 0, 0) { PeRegisterBits = 48 };
        double Pe(MacCounts m) => EnergyModel.Evaluate(hw.Energy, hw, Actions(m)).Components.Single(c => c.Component == "pe_array").DynamicPj;
        // 0.30 + 0.30 registers, 0.20 + 0.30, 0.10 + 0.30 (Accelergy's 3 : 2 : 1 on the MAC itself).
        Assert.That(Pe(new MacCounts(100, 0, 0)), Is.EqualTo(60).Within(1e-9));
        Assert.That(Pe(new MacCounts(0, 100, 0)), Is.EqualTo(50).Within(1e-9));
        Assert.That(Pe(new MacCounts(0, 0, 100)), Is.EqualTo(40).Within(1e-9));
    }
}
