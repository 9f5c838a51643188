using Sim.Config;
using Sim.Mapping;

namespace Sim.Cosim;

/// <summary>One layer's tiles on the RTL and on the fast model.</summary>
/// <param name="Tiles">Tiles run (all of the layer's, unless a selection skipped some).</param>
/// <param name="FastCycles">Sum of the fast model's tile cycles.</param>
/// <param name="RtlCycles">Sum of the RTL's tile cycles.</param>
/// <param name="Mismatch">The first differing tile and what differed, or null.</param>
public sealed record LayerCosimResult(
    string Layer, int Tiles, long FastCycles, long RtlCycles, long PeCount,
    TimeSpan FastModelTime, TimeSpan RtlTime, string? Mismatch)
{
    public bool Equal => Mismatch is null;

    /// <summary>Simulated PE-cycles (cycles x PEs) per wall-clock second.</summary>
    public double FastPeCyclesPerSecond => FastCycles * (double)PeCount / FastModelTime.TotalSeconds;
    public double RtlPeCyclesPerSecond => RtlCycles * (double)PeCount / RtlTime.TotalSeconds;
}

/// <summary>
/// A scenario's conv and gemm layers, every tile of the mapper's plan run on the Verilog PE array
/// and on the fast model, compared tile by tile.
/// </summary>
public static class ScenarioCosim
{
    /// <summary>The RTL build that runs a hardware configuration's PE array.</summary>
    /// <remarks>int8 operands use the 8-bit build; uint8 operands minus their zero point need 9 bits, so the 16-bit one.</remarks>
    public static RtlConfig RtlFor(HardwareConfig hw) =>
        new(hw.PeArray.Rows, hw.PeArray.Cols, hw.NumberFormat == NumberFormat.Int8 ? 8 : 16);

    /// <param name="selectTile">Chooses tiles by (layer, tile index); null runs every tile.</param>
    /// <param name="onLayerDone">Called after each layer, for progress.</param>
    public static List<LayerCosimResult> Run(
        ScenarioConfig scenario,
        Func<PeArrayLayer, TileAt, bool>? selectTile = null,
        Action<LayerCosimResult>? onLayerDone = null)
    {
        var hw = scenario.Hardware;
        using var cosim = new TileCosim(RtlFor(hw));
        var results = new List<LayerCosimResult>();
        foreach (var layer in PeArrayLayer.Of(scenario))
        {
            var fastBefore = cosim.FastModelTime;
            var rtlBefore = cosim.RtlTime;
            int tiles = 0;
            long fastCycles = 0, rtlCycles = 0;
            string? mismatch = null;
            LayerTiles.ForEach(TilePlan.For(layer.Shape, hw), layer.Operands, (in TileAt tile, ReadOnlySpan<short> a, ReadOnlySpan<short> w) =>
            {
                if (selectTile is not null && !selectTile(layer, tile))
                    return;
                var (fast, rtl, difference) = cosim.Run(a, w, tile.M, tile.K, tile.N);
                tiles++;
                fastCycles += fast;
                rtlCycles += rtl;
                if (difference is not null)
                    mismatch ??= $"layer {layer.Name}, {tile}: {difference}";
            });
            var result = new LayerCosimResult(
                layer.Name, tiles, fastCycles, rtlCycles, (long)hw.PeArray.Rows * hw.PeArray.Cols,
                cosim.FastModelTime - fastBefore, cosim.RtlTime - rtlBefore, mismatch);
            results.Add(result);
            onLayerDone?.Invoke(result);
        }
        return results;
    }
}
