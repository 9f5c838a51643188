namespace Sim.PeArray;

/// <summary>
/// What <see cref="TileDriver.RunSequence"/> scheduled: the array cycle its run started from, and each tile that
/// streamed (its index in the run) with its slot, edges counted from that start.
/// </summary>
internal sealed record SequenceSchedule(long StartCycle, IReadOnlyList<(int Tile, WeightPipeline.Slot Slot)> Tiles)
{
    /// <summary>
    /// The tiles whose weights were loading, whose vectors were streaming or whose sums were draining at the edge
    /// that made the array's cycle count <paramref name="cycle"/>, for an array of <paramref name="cols"/> columns.
    /// </summary>
    public IEnumerable<int> InFlightAt(long cycle, int cols)
    {
        long edge = cycle - StartCycle - 1;
        return Tiles.Where(t => t.Slot.LoadStart <= edge && edge < t.Slot.End + cols).Select(t => t.Tile);
    }
}
