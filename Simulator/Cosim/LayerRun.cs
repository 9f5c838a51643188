using Sim.Mapping;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// One PE-array layer as the sequencer runs it: its mode (sparsity features and datapath) and its tiles in run order,
/// each with the operand blocks a run gives it and where it sits in the layer (<see cref="Places"/>, same order).
/// </summary>
internal sealed record LayerRun(string Name, PeArrayFeatures Features, PeDatapath Datapath, IReadOnlyList<TileJob> Tiles, IReadOnlyList<TileAt> Places)
{
    /// <summary>The same layer with fresh zero accumulators, to run again.</summary>
    public LayerRun Fresh() => this with { Tiles = Tiles.Select(j => j with { Accumulators = new int[j.M * j.N] }).ToList() };
}
