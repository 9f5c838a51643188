using Sim.Config;

namespace Sim.Scratchpad;

/// <summary>
/// What one tile asks of the three scratchpads, cycle by cycle, and the cycles the array loses
/// when a scratchpad cannot serve a cycle's accesses at once. The array is stalled (its clock
/// enable held low) until every buffer has served the cycle, so a stall never changes a result.
/// Layout: each tile row (an activation vector, a weight row, a row of partial sums) starts on a
/// line boundary; the two halves of a double buffer sit in different banks' halves of the address
/// space, so the DMA filling one half does not compete with the array reading the other.
/// </summary>
/// <remarks>Operands take <paramref name="operandBits"/> each and partial sums <paramref name="accumulatorBits"/>;
/// a row of n values moves ceil(n x bits / 8) bytes.</remarks>
internal sealed class ScratchpadTraffic(ScratchpadsConfig config, int operandBits, int accumulatorBits = 32)
{
    private readonly ScratchpadBanks _input = new(config.Input);
    private readonly ScratchpadBanks _weight = new(config.Weight);
    private readonly ScratchpadBanks _output = new(config.Output);
    private readonly (long, int)[] _one = new (long, int)[1];
    private readonly (long, int)[] _readModifyWrite = new (long, int)[2];

    /// <summary>
    /// Extra cycles for a tile of M vectors of K operands against a K x N weight tile: R weight-row
    /// writes during the load, then M cycles each reading an activation vector and reading and
    /// writing a row of N int32 partial sums (accumulation across K chunks).
    /// </summary>
    public long StallCycles(int rows, int m, int k, int n)
    {
        _one[0] = (0, (int)ScratchpadRequirements.Bytes(n, operandBits));
        long weightLoad = (long)rows * (_weight.CyclesFor(_one) - 1);

        _one[0] = (0, (int)ScratchpadRequirements.Bytes(k, operandBits));
        int inputPerVector = _input.CyclesFor(_one);
        int rowBytes = (int)ScratchpadRequirements.Bytes(n, accumulatorBits);
        _readModifyWrite[0] = (0, rowBytes);
        _readModifyWrite[1] = (0, rowBytes);
        int outputPerVector = _output.CyclesFor(_readModifyWrite);

        return weightLoad + (long)m * (Math.Max(inputPerVector, outputPerVector) - 1);
    }
}
