namespace Sim.PeArray;

/// <summary>
/// The sequencer of an array with two weight buffers per PE (<c>weight_buffers: 2</c>): a run of tiles streams
/// back to back, each tile's weights shifting into the bank the tile before does not use while it streams, and
/// each activation carrying its tile's bank so the switch travels through the array with the data. Per tile,
/// in clock edges from the run's first:
/// <list type="bullet">
/// <item>its load starts once the previous load is done and its bank is free: the last valid activation of the
///   tile two back (same bank) has passed the last column, at S + M' - 1 + (rows used - 1) + (Cols - 1);</item>
/// <item>its stream starts once its load is done (R edges) and the previous stream has entered row 0;</item>
/// <item>its last output leaves the array at S + M' + R + N_t - 2, as a lone tile's does after its stream start.</item>
/// </list>
/// A tile adds the cycles by which it moves the run's last output. A lone tile takes 2R + M' + N_t - 2, as on
/// a single-buffered array; in a long run of tiles each adds max(M', ...) about its stream, so the R-edge load
/// and the R + N_t - 2 fill and drain are paid once. Tiles with no vector to stream (all skipped) load nothing.
/// With one weight buffer (<paramref name="banks"/> = 1) every tile takes bank 0: a load waits until the tile before
/// has passed every column, as a single-buffered array's sequencer must, so only that tile's drain overlaps it.
/// </summary>
internal sealed class WeightPipeline(int rows, int cols, int banks = 2)
{
    /// <summary>One tile's schedule: its first load edge, its first stream edge, its bank, and the edges up to its last output.</summary>
    public readonly record struct Slot(long LoadStart, long StreamStart, bool Bank, long End);

    private long _loadDone, _rowZeroFree, _end;
    private readonly long[] _bankFree = new long[2];
    private int _tiles;

    /// <summary>The edges the run has taken so far: up to its last output.</summary>
    public long Cycles => _end;

    /// <summary>Schedules the next tile of the run: <paramref name="streamed"/> vectors through its used rows into N_t columns.</summary>
    public Slot Next(int streamed, int usedRows, int n)
    {
        int bank = _tiles++ % banks;
        long load = Math.Max(_loadDone, _bankFree[bank]);
        long stream = Math.Max(load + rows, _rowZeroFree);
        _loadDone = load + rows;
        _rowZeroFree = stream + streamed;
        _bankFree[bank] = stream + streamed - 1 + (usedRows - 1) + (cols - 1);
        return new Slot(load, stream, bank == 1, stream + streamed + rows + n - 2);
    }

    /// <summary>Schedules the next tile and returns the cycles it adds to the run (0 for a tile with nothing to stream).</summary>
    public long Add(int streamed, int usedRows, int n)
    {
        if (streamed == 0) return 0;
        long before = _end;
        _end = Math.Max(_end, Next(streamed, usedRows, n).End);
        return _end - before;
    }
}
