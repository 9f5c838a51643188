using Sim.Config;
using Sim.Mapping;
using Sim.PeArray;

namespace Sim.Energy;

/// <summary>
/// The scratchpad accesses of a layer, counted line by line from its tile plan (the same plan the
/// run executed) or its vector-unit passes. Each access moves one bank-width line.
/// </summary>
internal static class ScratchpadActionCounter
{
    /// <summary>
    /// Per tile: the DMA writes its activations (and, when not resident, its weights) in; the array reads them
    /// as its dataflow streams them (<see cref="IDataflow.Accesses"/>: weight-stationary, an activation vector
    /// per streamed vector and a weight row per loaded row; output-stationary, a column of activations and a
    /// row of weights per K step); rows of partial sums are read and written once each (weight-stationary: per
    /// streamed vector; output-stationary: per drained row); a finished block is read once to be stored.
    /// With on-chip im2col the DMA writes the rows each tile loads (<see cref="TilePlan.BandLoad"/>), and the
    /// address generator reads the band's rows once into its line buffer, which forms the window vectors:
    /// each row's runs of the tile's K range (a conv: every pixel's channels in the range), a line access each.
    /// </summary>
    public static (ScratchpadAccesses Input, ScratchpadAccesses Weight, ScratchpadAccesses Output) ForGemm(TilePlan plan, ScratchpadsConfig pads)
    {
        int inW = pads.Input.WidthBytes, wW = pads.Weight.WidthBytes, oW = pads.Output.WidthBytes;
        ScratchpadAccesses input = default, weight = default, output = default;
        // Every group's tiles are alike: one group's, times the groups.
        foreach (var t in plan.Tiles())
        {
            if (t.Group > 0) break;
            int mt = t.M, kt = t.K, nt = t.N;
            var array = plan.Accesses(t, plan.Dataflow.StreamLength(mt, kt, nt));
            input += plan.Bands is { } rows ? BandAccesses(plan, rows, t, inW)
                : new ScratchpadAccesses(Reads: array.StreamCycles * Lines(plan.OperandBytes(array.InputPerCycle), inW),
                    Writes: Lines(plan.OperandBytes((long)mt * kt), inW));
            bool weightsFromMemory = plan.LoadsWeights(t);
            weight += new ScratchpadAccesses(
                Reads: plan.UsedRows(kt) * Lines(plan.OperandBytes(nt), wW),
                Writes: weightsFromMemory ? Lines(plan.OperandBytes(plan.WeightElements(kt, nt)), wW) : 0);
            long sums = array.OutputRows * Lines(ScratchpadRequirements.Bytes(nt, plan.AccumulatorBits), oW);
            output += new ScratchpadAccesses(Reads: sums, Writes: sums);
            if (t.KChunk == plan.KChunks - 1)
                output += new ScratchpadAccesses(Reads: Lines(plan.OutputBytes((long)mt * nt), oW), Writes: 0);
        }
        long groups = plan.Shape.Groups;
        return (Times(input, groups), Times(weight, groups), Times(output, groups));
    }

    private static ScratchpadAccesses BandAccesses(TilePlan plan, InputRows rows, TileAt t, int width)
    {
        var (first, last) = plan.BandLoad(t);
        var (bandFirst, bandLast) = rows.Band(t.M0, t.M);
        long loaded = Math.Max(0, last - first + 1), band = Math.Max(0, bandLast - bandFirst + 1);
        var (runs, elements) = rows.ChunkRuns(t.K0, t.K);
        return new ScratchpadAccesses(
            Reads: band * runs * Lines(plan.OperandBytes(elements), width),
            Writes: Lines(plan.OperandBytes(loaded * rows.RowElements), width));
    }

    /// <summary>A vector-unit layer: its input written in and read (reads times) by the unit, its output written and read out.</summary>
    public static (ScratchpadAccesses Input, ScratchpadAccesses Output) ForVector(long inputBytes, long reads, long outputBytes, ScratchpadsConfig pads) =>
        (new ScratchpadAccesses(Reads: Lines(reads, pads.Input.WidthBytes), Writes: Lines(inputBytes, pads.Input.WidthBytes)),
         new ScratchpadAccesses(Reads: Lines(outputBytes, pads.Output.WidthBytes), Writes: Lines(outputBytes, pads.Output.WidthBytes)));

    private static long Lines(long bytes, int width) => (bytes + width - 1) / width;

    private static ScratchpadAccesses Times(ScratchpadAccesses a, long k) => new(a.Reads * k, a.Writes * k);
}
