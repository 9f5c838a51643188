using Sim.Config;
using Sim.Mapping;
using Sim.Workload;

namespace Sim.Cosim;

/// <summary>One tile of a layer: where it sits in the layer's GEMM and its M x K_t by K_t x N_t shape.</summary>
public readonly record struct TileAt(int Index, int Group, int M0, int K0, int N0, int M, int K, int N)
{
    public override string ToString() => $"tile {Index} (group {Group}, rows {M0}.., k {K0}.., columns {N0}..; {M}x{K}x{N})";
}

/// <summary>Receives one tile's operand blocks, row-major M x K_t and K_t x N_t, valid only during the call.</summary>
public delegate void TileVisitor(in TileAt tile, ReadOnlySpan<short> activations, ReadOnlySpan<short> weights);

/// <summary>
/// A conv or gemm layer of a scenario with the operands a run gives it, turned round as the mapper
/// turns it (<see cref="GemmOrientation"/>), so its tiles are the ones the run executes.
/// </summary>
public sealed record PeArrayLayer(string Name, GemmShape Shape, IGemmOperands Operands, bool Structured24)
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
                Conv2DLayer c when LayerTensors.Conv(c, data, scenario.Data, c.FormatOn(hw).Operands) is var (x, w) =>
                    (GemmShape.Of(c), new ConvOperands(c, x, w), c.FormatOn(hw)),
                GemmLayer g when LayerTensors.Gemm(g, data, scenario.Data, g.FormatOn(hw).Operands) is var (a, b) =>
                    (GemmShape.Of(g), new MatrixOperands(g, a, b), g.FormatOn(hw)),
                _ => null,
            };
            if (layer is not var (shape, operands, format)) continue;
            // 2:4 is decided on the layer's own weights, before the mapper may turn it round.
            bool structured = Accelerator.GemmExecutor.UsesStructured24(hw, shape, operands, format);
            var oriented = GemmOrientation.Choose(hw, shape, operands, format, structured);
            yield return new PeArrayLayer(scenario.Layers[i].Name, oriented.Shape, oriented.Operands, structured);
        }
    }
}

/// <summary>
/// Walks a layer's tiles as <see cref="Accelerator.GemmExecutor"/> executes them (group, N block,
/// M block, K chunk, outermost first) and hands each tile's operand blocks to a visitor, so a
/// tile's index means the same in the run and in the cosimulation.
/// </summary>
public static class LayerTiles
{
    public static void ForEach(TilePlan plan, IGemmOperands operands, TileVisitor visit)
    {
        var shape = plan.Shape;
        var a = new short[(long)shape.M * shape.K];
        var w = new short[(long)shape.K * shape.N];
        var aTile = new short[plan.Mt * plan.Kt];
        var wTile = new short[plan.Kt * plan.Nt];
        int index = 0;
        for (int g = 0; g < shape.Groups; g++)
        {
            operands.LowerActivations(g, a);
            operands.LowerWeights(g, w);
            for (int nb = 0; nb < plan.NBlocks; nb++)
                for (int mb = 0; mb < plan.MBlocks; mb++)
                    for (int kc = 0; kc < plan.KChunks; kc++)
                    {
                        var tile = new TileAt(index++, g, mb * plan.Mt, kc * plan.Kt, nb * plan.Nt,
                            plan.MSize(mb), plan.KSize(kc), plan.NSize(nb));
                        for (int r = 0; r < tile.M; r++)
                            a.AsSpan((tile.M0 + r) * shape.K + tile.K0, tile.K).CopyTo(aTile.AsSpan(r * tile.K));
                        for (int r = 0; r < tile.K; r++)
                            w.AsSpan((tile.K0 + r) * shape.N + tile.N0, tile.N).CopyTo(wTile.AsSpan(r * tile.N));
                        visit(tile, aTile.AsSpan(0, tile.M * tile.K), wTile.AsSpan(0, tile.K * tile.N));
                    }
        }
    }
}
