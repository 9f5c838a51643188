using Sim.Area;
using Sim.Tests.Run;

namespace Sim.Tests.Area;

/// <summary>The area model against a hand calculation from configs/area/45nm.yaml's figures.</summary>
public class AreaModelTests
{
    [Test]
    public void TheSixteenBySixteenTestArrayByHand()
    {
        // 16x16 int8 PEs with int32 accumulators: an 8-bit multiplier (282 um^2), a 32-bit adder (137) and 50
        // register bits (weight 8, activation 8, partial sum 32, two valid bits) of 4.522 um^2: 645.1 um^2 a PE.
        double pe = 282 + 137 + 50 * 4.522;
        // Input and weight buffers: 64 KiB, 4 banks, 1 port: 524,288 bits x 0.346 / 0.7, plus 4 x 20,000.
        double single = 64 * 1024 * 8 * 0.346 / 0.7 + 4 * 20000;
        // Output buffer: 32 KiB, 4 banks, 2 ports: a second port adds 0.8 of a cell.
        double dual = 32 * 1024 * 8 * 0.346 * 1.8 / 0.7 + 4 * 20000;
        double lanes = 16 * 462;   // the vector unit; the simple memory has no controller or PHY
        var area = AreaModel.Of(TestScenarios.Array16());
        var mm2 = area.Components.ToDictionary(c => c.Component, c => c.Mm2);
        Assert.That(mm2["pe_array"], Is.EqualTo(256 * pe / 1e6).Within(1e-9));
        Assert.That(mm2["input_scratchpad"], Is.EqualTo(single / 1e6).Within(1e-9));
        Assert.That(mm2["weight_scratchpad"], Is.EqualTo(single / 1e6).Within(1e-9));
        Assert.That(mm2["output_scratchpad"], Is.EqualTo(dual / 1e6).Within(1e-9));
        Assert.That(mm2["vector_unit"], Is.EqualTo(lanes / 1e6).Within(1e-9));
        Assert.That(mm2["dram_phy"], Is.Zero);
        Assert.That(area.TotalMm2, Is.EqualTo((256 * pe + 2 * single + dual + lanes) / 1e6).Within(1e-9));
        Assert.That(area.TotalMm2, Is.EqualTo(1.164067).Within(1e-6));
    }

    [Test]
    public void ASmallerNodeScalesByTheSquareAndTwoWeightBuffersAddAWeightAndABankBit()
    {
        var hw = TestScenarios.Array16();
        double at45 = AreaModel.Of(hw).TotalMm2;
        Assert.That(AreaModel.Of(hw with { TechnologyNm = 22 }).TotalMm2, Is.EqualTo(at45 * 22 * 22 / (45.0 * 45)).Within(1e-9));
        double pe1 = AreaModel.Of(hw).Components.Single(c => c.Component == "pe_array").Mm2;
        double pe2 = AreaModel.Of(hw with { PeArray = hw.PeArray with { WeightBuffers = 2 } }).Components.Single(c => c.Component == "pe_array").Mm2;
        Assert.That(pe2 - pe1, Is.EqualTo(256 * 9 * 4.522 / 1e6).Within(1e-9));
    }

    [Test]
    public void Int4PackingDoublesTheMultipliersAddersAndOperandRegisters()
    {
        // int4 PEs with int32 accumulators. Plain: a 4-bit multiplier (71 um^2), a 32-bit adder (137) and 4 + 4 + 32 + 2
        // = 42 register bits. Packed: two multipliers and two adders, operand registers of 8 bits: 8 + 8 + 32 + 2 = 50.
        var hw = TestScenarios.Array16() with { NumberFormat = Sim.Numerics.ElementFormat.Int4, Accumulator = Sim.Numerics.ElementFormat.Int32 };
        double PeArray(Sim.Config.HardwareConfig h) => AreaModel.Of(h).Components.Single(c => c.Component == "pe_array").Mm2;
        Assert.That(PeArray(hw), Is.EqualTo(256 * (71 + 137 + 42 * 4.522) / 1e6).Within(1e-9));
        Assert.That(PeArray(hw with { PeArray = hw.PeArray with { Int4Packing = true } }),
            Is.EqualTo(256 * (2 * (71 + 137) + 50 * 4.522) / 1e6).Within(1e-9));
    }
}
