using Sim.Config;
using Sim.PeArray;

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
    /// Extra cycles for a tile as its dataflow accesses the buffers (<see cref="TileAccesses"/>): each weight row
    /// loaded into the array, then each stream cycle reading its input and weight rows and (weight-stationary)
    /// reading and writing a row of partial sums, then (output-stationary) each drained row of sums read,
    /// added and written back. A cycle needing more than one access per bank waits for the slowest buffer.
    /// </summary>
    public long StallCycles(in TileAccesses t)
    {
        long stall = t.WeightLoadRows * (Reads(_weight, t.WeightsPerLoadRow) - 1);
        int perCycle = Math.Max(Reads(_input, t.InputPerCycle), Reads(_weight, t.WeightPerCycle));
        int rowBytes = (int)ScratchpadRequirements.Bytes(t.OutputsPerRow, accumulatorBits);
        _readModifyWrite[0] = (0, rowBytes);
        _readModifyWrite[1] = (0, rowBytes);
        int outputPerRow = _output.CyclesFor(_readModifyWrite);
        if (t.OutputsDuringStream) return stall + t.StreamCycles * (Math.Max(perCycle, outputPerRow) - 1);
        return stall + t.StreamCycles * (perCycle - 1) + t.OutputRows * (outputPerRow - 1);
    }

    /// <summary>Cycles one bank set takes to serve a row of <paramref name="operands"/> (1 for none).</summary>
    private int Reads(ScratchpadBanks banks, int operands)
    {
        if (operands == 0) return 1;
        _one[0] = (0, (int)ScratchpadRequirements.Bytes(operands, operandBits));
        return banks.CyclesFor(_one);
    }
}
