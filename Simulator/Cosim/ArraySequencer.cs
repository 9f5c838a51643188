using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// Drives a PE array through a scenario's layers as the accelerator's sequencer does: never reset between tiles or
/// layers, the mode inputs set between layers once the array has drained. A weight-stationary array runs each layer's
/// tiles back to back (<see cref="TileDriver.RunSequence"/>: with two weight buffers a tile's weights load while the
/// tile before streams; with one, as soon as it has passed); an output-stationary array runs them one after another,
/// each starting from the zeros the last one's drain left. The array is whatever has the ports: the RTL and its
/// register-level model in lockstep, or a traced RTL replaying a run.
/// </summary>
internal sealed class ArraySequencer
{
    private readonly TileDriver? _weightStationary;
    private readonly OutputStationaryDriver? _outputStationary;
    private readonly IArrayOutputs _array;
    private readonly int _weightBuffers;
    private int _currentTile;

    /// <param name="array">The ports to drive: an <see cref="IOutputStationaryArray"/> for an output-stationary build, else an <see cref="IPeArray"/>.</param>
    /// <param name="rtl">The build whose dataflow and weight buffers the sequencer schedules for.</param>
    public ArraySequencer(IArrayOutputs array, RtlConfig rtl)
    {
        _array = array;
        _weightBuffers = rtl.WeightBuffers;
        if (rtl.OutputStationary) _outputStationary = new OutputStationaryDriver((IOutputStationaryArray)array);
        else _weightStationary = new TileDriver((IPeArray)array);
    }

    /// <summary>Runs a layer's tiles into their accumulators and returns each tile's statistics.</summary>
    public TileStats[] Run(LayerRun layer)
    {
        if (_weightStationary is not null)
            return _weightStationary.RunSequence(layer.Features, layer.Datapath, layer.Tiles, _weightBuffers, fromReset: false);
        var stats = new TileStats[layer.Tiles.Count];
        for (_currentTile = 0; _currentTile < stats.Length; _currentTile++)
        {
            var t = layer.Tiles[_currentTile];
            stats[_currentTile] = _outputStationary!.Run(layer.Features, layer.Datapath, t.Activations, t.Weights, t.Accumulators,
                t.M, t.K, t.N, fromReset: false);
        }
        return stats;
    }

    /// <summary>The tiles of the layer last run that were in the array at the edge that made its cycle count <paramref name="cycle"/>.</summary>
    public IEnumerable<int> TilesInFlightAt(long cycle) =>
        _weightStationary is not null
            ? _weightStationary.LastSchedule?.InFlightAt(cycle, _array.Cols) ?? []
            : [_currentTile];
}
