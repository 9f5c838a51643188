namespace Sim.Config;

/// <summary>
/// Silicon area per component at a technology node, from configs/area/*.yaml: um^2 of a PE's multiplier by
/// operand format and of its adder by accumulator format, of a register bit, of SRAM (cell, array efficiency,
/// extra ports, periphery per bank), of a vector lane, and mm^2 of a DRAM channel's controller and PHY.
/// </summary>
internal sealed record AreaTable(
    string Name,
    int TechnologyNodeNm,
    IReadOnlyDictionary<string, double> MultiplierUm2,
    IReadOnlyDictionary<string, double> AdderUm2,
    double RegisterBitUm2,
    double SramBitcellUm2,
    double SramArrayEfficiency,
    double SramExtraPort,
    double SramBankPeripheryUm2,
    double VectorLaneUm2,
    IReadOnlyDictionary<string, double> DramPhyMm2)
{
    /// <summary>um^2 of one SFU lane's range reduction and reconstruction (the <c>sfu:</c> entry), or null for a table without one.</summary>
    public double? SfuRangeReductionUm2 { get; init; }
}
