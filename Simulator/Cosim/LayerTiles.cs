using Sim.Config;
using Sim.Mapping;
using Sim.Scenarios;
using Sim.Workload;

namespace Sim.Cosim;

/// <summary>Receives one tile's operand blocks, row-major M x K_t and K_t x N_t, valid only during the call.</summary>
internal delegate void TileVisitor(in TileAt tile, ReadOnlySpan<short> activations, ReadOnlySpan<short> weights);

/// <summary>
/// A conv or gemm layer of a scenario with the operands a run gives it, turned round as the mapper
/// maps it (<see cref="Mapper"/>), so its tiles are the ones the run executes.
/// </summary>
internal sealed record PeArrayLayer(string Name, GemmShape Shape, IGemmOperands Operands, TilePlan Plan, bool Structured24, LayerFormat Format)
{
    /// <summary>The scenario's PE-array layers; the data of each is what <c>sim run</c> draws for it.</summary>
    public static IEnumerable<PeArrayLayer> Of(ScenarioConfig scenario)
    {
        var hw = scenario.Hardware;
        for (int i = 0; i < scenario.Layers.Count; i++)
        {
            var data = new OperandGenerator(scenario.Seed, i);
            (GemmShape, IGemmOperands, LayerFormat)? layer = scenario.Layers[i] switch
            {
                Conv2DLayer c when LayerTensors.Conv(c, data, scenario.Data, c.FormatOn(hw).Operands) is var (x, w)
                                   && DepthwisePacking.Lower(hw, c, x, w) is var (_, packed, convOperands) =>
                    (packed, convOperands, c.FormatOn(hw)),
                GemmLayer g when LayerTensors.Gemm(g, data, scenario.Data, g.FormatOn(hw).Operands) is var (a, b) =>
                    (GemmShape.Of(g), new MatrixOperands(g, a, b), g.FormatOn(hw)),
                _ => null,
            };
            if (layer is not var (shape, operands, format)) continue;
            // 2:4 is decided on the layer's own weights, before the mapper may turn it round.
            bool structured = Accelerator.GemmExecutor.UsesStructured24(hw, shape, operands, format);
            var mapped = Mapper.Map(hw, shape, operands, format, structured, scenario.Layers[i].Mapping);
            yield return new PeArrayLayer(scenario.Layers[i].Name, mapped.Shape, mapped.Operands, mapped.Plan, structured, format);
        }
    }
}

/// <summary>
/// Walks a layer's tiles as <see cref="Accelerator.GemmExecutor"/> executes them (<see cref="TilePlan.Tiles"/>)
/// and hands each tile's operand blocks to a visitor, so a tile's index means the same in the run and in the
/// cosimulation.
/// </summary>
internal static class LayerTiles
{
    public static void ForEach(TilePlan plan, IGemmOperands operands, TileVisitor visit)
    {
        var shape = plan.Shape;
        var a = new short[(long)shape.M * shape.K];
        var w = new short[(long)shape.K * shape.N];
        var aTile = new short[plan.Mt * plan.Kt];
        var wTile = new short[plan.Kt * plan.Nt];
        foreach (var tile in plan.Tiles())
        {
            if (tile.StartsGroup)
            {
                operands.LowerActivations(tile.Group, a);
                operands.LowerWeights(tile.Group, w);
            }
            plan.CopyOperands(tile, a, w, aTile, wTile);
            visit(tile, aTile.AsSpan(0, tile.M * tile.K), wTile.AsSpan(0, tile.K * tile.N));
        }
    }
}
