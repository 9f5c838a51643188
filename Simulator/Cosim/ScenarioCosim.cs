using Sim.Accelerator;
using Sim.Config;
using Sim.Mapping;
using Sim.Numerics;
using Sim.PeArray;
using Sim.Scenarios;

namespace Sim.Cosim;

/// <summary>One layer's tiles on the RTL and on the fast model.</summary>
/// <param name="Tiles">The layer's tiles, every one of which ran on both.</param>
/// <param name="FastCycles">Sum of the fast model's tile cycles.</param>
/// <param name="RtlCycles">Sum of the RTL's tile cycles.</param>
/// <param name="Mismatch">The first differing tile and what differed, or null.</param>
internal sealed record LayerCosimResult(
    string Layer, int Tiles, long FastCycles, long RtlCycles, long PeCount,
    TimeSpan FastModelTime, TimeSpan RtlTime, string? Mismatch)
{
    public bool Equal => Mismatch is null;

    /// <summary>Whether the layer ran 2:4 compressed weights (sparse hardware, 2:4 sparse weights).</summary>
    public bool Structured24 { get; init; }

    /// <summary>The RTL's totals over the layer's tiles: vectors issued and MAC classes (equal to the fast model's when <see cref="Equal"/>).</summary>
    public TileStats RtlStats { get; init; }

    /// <summary>
    /// Edges the layer's tiles took in the scenario-long lockstep run, back to back, from its first load to its last
    /// output: with two weight buffers, the compute cycles <c>sim run</c> gives the layer (<see cref="WeightPipeline"/>).
    /// </summary>
    public long BackToBackCycles { get; init; }

    /// <summary>Simulated PE-cycles (cycles x PEs) per wall-clock second.</summary>
    public double FastPeCyclesPerSecond => FastCycles * (double)PeCount / FastModelTime.TotalSeconds;
    public double RtlPeCyclesPerSecond => RtlCycles * (double)PeCount / RtlTime.TotalSeconds;
}

/// <summary>
/// A scenario's conv and gemm layers, every tile of the mapper's plan run on the Verilog PE array of the
/// hardware's dataflow and on the fast model, compared tile by tile: outputs, cycles, vectors (or K steps)
/// issued and MAC classes. Weight- and input-stationary hardware run the weight-stationary array (an
/// input-stationary plan is the GEMM turned round), output-stationary hardware the output-stationary one.
/// The hardware's sparsity features are on as <c>sim run</c> uses them (<see cref="GemmExecutor"/>):
/// zero gating and zero-vector skipping for every layer, 2:4 for a layer whose weights are 2:4 sparse.
/// </summary>
internal static class ScenarioCosim
{
    /// <summary>The RTL build that runs a hardware configuration's PE array, for layers in <paramref name="operands"/> (default: the hardware's format).</summary>
    /// <remarks>
    /// int4 and int8 operands fit the 8-bit build; uint8 operands minus their zero point need 9 bits, and int16 16, so
    /// the 16-bit one. A scenario whose layers set their own formats takes the build every one of them fits.
    /// </remarks>
    public static RtlConfig RtlFor(HardwareConfig hw, IEnumerable<ElementFormat>? operands = null) =>
        new(hw.PeArray.Rows, hw.PeArray.Cols,
            (operands ?? [hw.NumberFormat]).All(f => f is ElementFormat.Int8 or ElementFormat.Int4) ? 8 : 16)
        {
            WeightBuffers = hw.PeArray.WeightBuffers,
            OutputStationary = hw.PeArray.Dataflow == Dataflow.OutputStationary,
        };

    /// <summary>The build for a scenario's PE-array layers in their own formats.</summary>
    public static RtlConfig RtlFor(ScenarioConfig scenario) =>
        RtlFor(scenario.Hardware, scenario.Layers.Where(l => l is Conv2DLayer or GemmLayer).Select(l => l.FormatOn(scenario.Hardware).Operands));

    /// <summary>
    /// Refuses, before any RTL is built or runs, a layer the Verilog arrays cannot run: a packed depthwise layer (no
    /// window bus), int4 pairs, float datapaths and narrow accumulators.
    /// </summary>
    public static void CheckLayers(ScenarioConfig scenario)
    {
        var hw = scenario.Hardware;
        if (scenario.Layers.OfType<Conv2DLayer>().FirstOrDefault(c => DepthwisePacking.Packs(hw, c)) is { } packed)
            throw new InputError($"layer {packed.Name}: depthwise: channel_parallel feeds each column from a window bus the Verilog array " +
                                 "does not have; cosimulate with depthwise: per_channel");
        if (hw.PeArray.Int4Packing && scenario.Layers.FirstOrDefault(l => l is Conv2DLayer or GemmLayer && hw.PairsInt4(l.FormatOn(hw))) is { } paired)
            throw new InputError($"layer {paired.Name}: int4_packing multiplies two int4 pairs per PE, which the Verilog array does not; " +
                                 "cosimulate with int4_packing: false");
        foreach (var layer in scenario.Layers.Where(l => l is Conv2DLayer or GemmLayer))
            if (layer.FormatOn(hw) is { } format && (format.IsFloat || format.Accumulator != ElementFormat.Int32))
                throw new InputError(
                    $"layer {layer.Name}: the Verilog PE array runs integer operands with int32 accumulation, not " +
                    $"{format.Operands.Name()} with {format.Accumulator.Name()} (float datapaths and narrow accumulators are not in the RTL)");
    }

    /// <summary>
    /// Two checks per layer. Every tile alone, from reset, on the RTL and on the fast model: outputs, cycles, vectors
    /// issued and MAC classes (<see cref="TileCosim"/>). And the whole scenario as the accelerator runs it, every
    /// layer's tiles back to back on one array that is never reset, the RTL in lockstep with the register-level model
    /// (<see cref="ScenarioLockstep"/>). A layer's result carries the first difference of either.
    /// </summary>
    /// <param name="waveformDirectory">Where the VCD of a layer's first difference goes; null writes none.</param>
    /// <param name="rtl">The RTL build to run; null takes <see cref="RtlFor"/> the scenario's hardware.</param>
    /// <param name="onLayerDone">Called after each layer, for progress.</param>
    public static List<LayerCosimResult> Run(
        ScenarioConfig scenario,
        string? waveformDirectory = null,
        RtlConfig? rtl = null,
        Action<LayerCosimResult>? onLayerDone = null)
    {
        var hw = scenario.Hardware;
        CheckLayers(scenario);
        rtl ??= RtlFor(scenario);
        if (rtl.OutputStationary != (hw.PeArray.Dataflow == Dataflow.OutputStationary))
            throw new ArgumentException($"the {rtl.Name} build is not the array of {hw.PeArray.Dataflow.Name} hardware", nameof(rtl));
        using var cosim = new TileCosim(rtl);
        using var lockstep = new ScenarioLockstep(rtl);
        var results = new List<LayerCosimResult>();
        int layers = 0;
        foreach (var layer in LayerRuns(scenario))
        {
            layers++;
            var fastBefore = cosim.FastModelTime;
            var rtlBefore = cosim.RtlTime;
            long fastCycles = 0, rtlCycles = 0;
            TileStats rtlStats = default;
            string? mismatch = null;
            for (int t = 0; t < layer.Tiles.Count; t++)
            {
                var job = layer.Tiles[t];
                var (fastTile, rtlTile, difference) = cosim.Run(layer.Features, layer.Datapath, job.Activations, job.Weights, job.M, job.K, job.N);
                fastCycles += fastTile.Cycles;
                rtlCycles += rtlTile.Cycles;
                rtlStats = rtlStats.Plus(rtlTile);
                if (difference is not null && mismatch is null)
                    mismatch = $"layer {layer.Name}, {layer.Places[t]}: {difference}; " +
                               Locate(rtl, layer.Features, layer.Datapath, job, waveformDirectory);
            }
            var (backToBackCycles, backToBack) = lockstep.Run(layer);
            if (backToBack is not null && lockstep.Divergence is { } divergence && waveformDirectory is not null)
                backToBack = backToBack.Replace(divergence.ToString(),
                    LockstepReplay.Write(rtl, LayerRuns(scenario).Take(layers), divergence, waveformDirectory).ToString());
            var result = new LayerCosimResult(
                layer.Name, layer.Tiles.Count, fastCycles, rtlCycles, (long)hw.PeArray.Rows * hw.PeArray.Cols,
                cosim.FastModelTime - fastBefore, cosim.RtlTime - rtlBefore, mismatch ?? backToBack)
            {
                Structured24 = layer.Features.Structured24,
                RtlStats = rtlStats,
                BackToBackCycles = backToBackCycles,
            };
            results.Add(result);
            onLayerDone?.Invoke(result);
        }
        return results;
    }

    /// <summary>
    /// The scenario's PE-array layers as the run executes them: each with the mode <c>sim run</c> gives it (zero
    /// gating and zero-vector skipping from the hardware, 2:4 for a layer whose weights are 2:4 sparse), its datapath,
    /// and its tiles in the order of <see cref="TilePlan.Tiles"/>. Deterministic, so a run can be driven again.
    /// </summary>
    private static IEnumerable<LayerRun> LayerRuns(ScenarioConfig scenario)
    {
        var hw = scenario.Hardware;
        foreach (var layer in PeArrayLayer.Of(scenario))
        {
            var features = new PeArrayFeatures(hw.Sparsity.ZeroGating, hw.Sparsity.ZeroSkipping == ZeroSkipping.Vector, layer.Structured24);
            var jobs = new List<TileJob>();
            var places = new List<TileAt>();
            LayerTiles.ForEach(layer.Plan, layer.Operands, (in TileAt tile, ReadOnlySpan<short> a, ReadOnlySpan<short> w) =>
            {
                jobs.Add(new TileJob(a.ToArray(), w.ToArray(), new int[tile.M * tile.N], tile.M, tile.K, tile.N));
                places.Add(tile);
            });
            yield return new LayerRun(layer.Name, features, layer.Format.Datapath, jobs, places);
        }
    }

    /// <summary>
    /// Reruns a differing tile with the RTL and the register-level model in lockstep, which names
    /// the first divergent cycle and signal and writes the RTL's waveform around it.
    /// </summary>
    private static string Locate(RtlConfig rtl, in PeArrayFeatures features, in PeDatapath datapath, TileJob tile, string? waveformDirectory)
    {
        ReadOnlySpan<short> activations = tile.Activations, weights = tile.Weights;
        var accumulators = new int[tile.M * tile.N];
        try
        {
            if (rtl.OutputStationary)
            {
                using var lockstep = new OutputStationaryLockstep(rtl, waveformDirectory);
                new OutputStationaryDriver(lockstep).Run(features, datapath, activations, weights, accumulators, tile.M, tile.K, tile.N);
            }
            else
            {
                using var lockstep = new LockstepCosimulator(rtl, waveformDirectory);
                new TileDriver(lockstep).Run(features, datapath, activations, weights, accumulators, tile.M, tile.K, tile.N);
            }
        }
        catch (CosimMismatchException e)
        {
            return e.Message;
        }
        return "the RTL agrees with the register-level model on every cycle of this tile, so the fast model is the one that differs";
    }
}
