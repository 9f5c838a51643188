using Sim.Accelerator;
using Sim.Config;
using Sim.Dma;
using Sim.Engine;
using Sim.HostLink;
using Sim.Mapping;
using Sim.Memory;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Run;

/// <summary>
/// Runs one layer: makes its operands, computes its output on the fast model while producing
/// its command stream, times that stream on the event engine, and checks the output against the
/// golden model, computed alongside on another core.
/// </summary>
public sealed class LayerRunner(ScenarioConfig scenario)
{
    private readonly HardwareConfig _hw = scenario.Hardware;

    /// <summary>The layer being run (a runner runs one layer at a time), for its messages.</summary>
    private string Name { get; set; } = "";

    public LayerResult Run(LayerSpec layer, int index)
    {
        Name = layer.Name;
        var data = new OperandGenerator(scenario.Seed, index);
        var zA = scenario.Data.ActivationZeroFraction;
        var zW = scenario.Data.WeightZeroFraction;
        var work = layer switch
        {
            Conv2DLayer c => Conv(c, data, ZeroFraction(c.Data?.ActivationDensity, zA), ZeroFraction(c.Data?.WeightDensity, zW)),
            GemmLayer g => Gemm(g, data, ZeroFraction(g.Data?.ActivationDensity, zA), ZeroFraction(g.Data?.WeightDensity, zW)),
            // ReLU inputs are a previous layer's int8 outputs: signed, not yet rectified.
            ReluLayer r => Relu(data.Int8(r.Shape, zA)),
            PoolLayer p => Pool(p, data.Int8([p.Batch, p.Channels, p.InHeight, p.InWidth], zA)),
            _ => throw new InvalidOperationException($"layer '{layer.Name}': no unit runs {layer.GetType().Name}"),
        };
        var engine = new EventEngine();
        var memory = new SimpleMemory(engine, _hw.Memory);
        var dma = new DmaEngine(memory, _hw.Dma);
        var link = new HostLinkModel(engine, _hw.HostLink);
        var controller = new Controller(engine, dma, link, ClockDomain.FromMhz("core", _hw.PeArray.ClockMhz));
        var timing = controller.Run(new LayerCommands(work.Steps, work.UploadBytes, work.DownloadBytes));

        var check = work.Check();

        long peCount = (long)_hw.PeArray.Rows * _hw.PeArray.Cols;
        return new LayerResult(
            layer.Name, LayerTypeName(layer), work.Unit, timing, work.Macs,
            work.Macs == 0 ? 0 : work.Macs / ((double)timing.Cycles * peCount),
            work.Steps.Count, memory.BytesRead, memory.BytesWritten, link.BytesToDevice, link.BytesToHost,
            _hw.PeArray.ClockMhz, check.Mismatch == null, check.Mismatch)
        {
            Format = work.Format,
            MaxAbsError = check.MaxAbsError,
            MaxUlpError = check.MaxUlpError,
            MacsActive = work.Gemm?.Totals.MacsActive ?? 0,
            MacsGated = work.Gemm?.Totals.MacsGated ?? 0,
            MacsRepeated = work.Gemm?.Totals.MacsRepeated ?? 0,
            VectorsSkipped = work.Gemm?.VectorsSkipped ?? 0,
            Structured24 = work.Gemm?.Structured24 ?? false,
        };
    }

    private static double ZeroFraction(double? density, double scenarioZeroFraction) =>
        density is { } d ? 1 - d : scenarioZeroFraction;

    /// <summary>The outcome of comparing a layer's output with the golden model's.</summary>
    private sealed record LayerCheck(string? Mismatch, double MaxAbsError, double MaxUlpError);

    /// <summary>
    /// A layer's tile steps, the bytes its inputs and weights take up the host link and its outputs down
    /// (each layer is offloaded on its own: operands up, results down), and the check of its fast-model
    /// output against the golden model's (still computing on another core until asked).
    /// </summary>
    private sealed record LayerWork(
        Func<LayerCheck> Check, List<TileStep> Steps, long UploadBytes, long DownloadBytes, long Macs, string Unit, string Format,
        GemmRun? Gemm = null);

    private LayerWork Conv(Conv2DLayer c, OperandGenerator data, double zA, double zW)
    {
        var f = c.FormatOn(_hw);
        var x = data.Operands([c.Batch, c.InChannels, c.InHeight, c.InWidth], f.Operands, zA);
        var w = data.Operands([c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW], f.Operands, zW);
        var shape = GemmShape.Of(c);
        if (c.Data?.Pruning == WeightPruning.TwoOfFour)
            data.Prune24(w.Data, shape.K, c.OutChannels, oc => oc * shape.K, 1); // OIHW: a filter's K weights are contiguous
        var q = QuantParams.For(shape.K, f.Operands, f.Output);
        var operands = new ConvOperands(c, x, w);
        var order = _hw.AccumulationOrder(GemmExecutor.UsesStructured24(_hw, shape, operands, f));
        return OnPeArray(shape, operands, q, f,
            Task.Run(() => GoldenReference.Conv(c, x, w, q, f, order)), x.Length + w.Length);
    }

    private LayerWork Gemm(GemmLayer g, OperandGenerator data, double zA, double zW)
    {
        var f = g.FormatOn(_hw);
        var a = data.Operands([g.M, g.K], f.Operands, zA);
        var w = data.Operands([g.K, g.N], f.Operands, zW);
        var shape = GemmShape.Of(g);
        if (g.Data?.Pruning == WeightPruning.TwoOfFour)
            data.Prune24(w.Data, g.K, g.N, n => n, g.N); // W[K,N]: column n's K weights are N apart
        var q = QuantParams.For(shape.K, f.Operands, f.Output);
        var operands = new MatrixOperands(g, a, w);
        var order = _hw.AccumulationOrder(GemmExecutor.UsesStructured24(_hw, shape, operands, f));
        return OnPeArray(shape, operands, q, f,
            Task.Run(() => GoldenReference.Gemm(a, w, q, f, order)), a.Length + w.Length);
    }

    private LayerWork OnPeArray(GemmShape shape, IGemmOperands operands, QuantParams q, LayerFormat f,
        Task<GoldenResult> golden, long operandCount)
    {
        var run = GemmExecutor.Run(_hw, shape, operands, new GemmNumerics(f, q.Multiplier, q.OutputZeroPoint));
        var steps = run.Steps;
        var output = operands.Output;
        return new LayerWork(
            () =>
            {
                var g = golden.Result;
                return new LayerCheck(OutputCheck.Compare(Name, g.Output, output), g.MaxAbsError, g.MaxUlpError);
            },
            steps,
            ScratchpadRequirements.Bytes(operandCount, ScratchpadRequirements.OperandBits(f.Operands)),
            ScratchpadRequirements.Bytes(output.Length, ScratchpadRequirements.OperandBits(f.Output)),
            shape.Macs, "pe_array", f.ShortName, run);
    }

    private LayerWork Relu(Tensor<sbyte> x)
    {
        var y = VectorUnit.Relu(x);
        var golden = Task.Run(() => GoldenReference.Relu(x));
        return new(() => new LayerCheck(OutputCheck.Compare(Name, golden.Result, y), 0, 0),
            Vector.ReluSteps(x.Length), x.Length, y.Length, 0, "vector", "int8");
    }

    private LayerWork Pool(PoolLayer p, Tensor<sbyte> x)
    {
        var y = VectorUnit.Pool(p, x);
        var golden = Task.Run(() => GoldenReference.Pool(p, x));
        return new(() => new LayerCheck(OutputCheck.Compare(Name, golden.Result, y), 0, 0),
            Vector.PoolSteps(p), x.Length, y.Length, 0, "vector", "int8");
    }

    private VectorUnit Vector => new(_hw.VectorUnit, _hw.Scratchpads.Input.CapacityBytes);

    private static string LayerTypeName(LayerSpec layer) => layer switch
    {
        Conv2DLayer c when c.Groups == c.InChannels && c.Groups > 1 => "depthwise",
        Conv2DLayer => "conv2d",
        GemmLayer => "gemm",
        ReluLayer => "relu",
        PoolLayer { Kind: PoolKind.Max } => "maxpool",
        PoolLayer => "avgpool",
        _ => layer.GetType().Name,
    };
}
