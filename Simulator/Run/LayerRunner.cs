using Sim.Accelerator;
using Sim.Config;
using Sim.Dma;
using Sim.Energy;
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

    public LayerResult Run(LayerSpec layer, int index)
    {
        var data = new OperandGenerator(scenario.Seed, index);
        var zA = scenario.Data.ActivationZeroFraction;
        var work = layer switch
        {
            Conv2DLayer c => Conv(c, data),
            GemmLayer g => Gemm(g, data),
            // ReLU inputs are a previous layer's int8 outputs: signed, not yet rectified.
            ReluLayer r => Relu(data.Int8(r.Shape, zA)),
            PoolLayer p => Pool(p, data.Int8([p.Batch, p.Channels, p.InHeight, p.InWidth], zA)),
            _ => throw new InvalidOperationException($"layer '{layer.Name}': no unit runs {layer.GetType().Name}"),
        };
        var engine = new EventEngine();
        var memory = DeviceMemory.Create(engine, _hw.Memory);
        var dma = new DmaEngine(memory, _hw.Dma);
        var link = new HostLinkModel(engine, _hw.HostLink);
        var controller = new Controller(engine, dma, link, ClockDomain.FromMhz("core", _hw.PeArray.ClockMhz));
        var timing = controller.Run(new LayerCommands(work.Steps, work.UploadBytes, work.Output.Length));

        string? mismatch = OutputCheck.Compare(layer.Name, work.Golden.Result, work.Output);

        var dram = (memory as DramMemory)?.TotalStats();
        var actions = new LayerActions(
            OperandFormat: _hw.NumberFormat.ToString().ToLowerInvariant(),
            Macs: new MacCounts(Active: work.Macs, Unchanged: 0, Gated: 0),
            Input: work.Input, Weight: work.Weight, Output: work.OutputBuffer, VectorOps: work.VectorOps,
            DramBytes: memory.BytesRead + memory.BytesWritten,
            DramActivates: dram?.Activates ?? 0, DramRefreshes: dram?.Refreshes ?? 0,
            LinkWireBytes: _hw.HostLink.WireBytes(link.BytesToDevice) + _hw.HostLink.WireBytes(link.BytesToHost),
            Cycles: timing.Cycles);
        var energy = EnergyModel.Evaluate(_hw.Energy, _hw, actions);

        long peCount = (long)_hw.PeArray.Rows * _hw.PeArray.Cols;
        return new LayerResult(
            layer.Name, LayerTypeName(layer), work.Unit, timing, work.Macs,
            work.Macs == 0 ? 0 : work.Macs / ((double)timing.Cycles * peCount),
            work.Steps.Count, memory.BytesRead, memory.BytesWritten, link.BytesToDevice, link.BytesToHost,
            _hw.PeArray.ClockMhz, dram, energy, mismatch == null, mismatch,
            OutputSha256: Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(work.Output.Data.AsSpan()))));
    }

    /// <summary>
    /// A layer's output from the fast model, the golden model's (still computing), its tile steps,
    /// and the bytes its inputs and weights take up the host link (each layer is offloaded on its
    /// own: operands up, results down).
    /// </summary>
    private sealed record LayerWork(
        Tensor<sbyte> Output, Task<Tensor<sbyte>> Golden, List<TileStep> Steps, long UploadBytes, long Macs, string Unit,
        ScratchpadAccesses Input, ScratchpadAccesses Weight, ScratchpadAccesses OutputBuffer, long VectorOps);

    private LayerWork Conv(Conv2DLayer c, OperandGenerator data)
    {
        var (x, w) = LayerTensors.Conv(c, data, scenario.Data);
        var shape = GemmShape.Of(c);
        var q = QuantParams.ForReduction(shape.K);
        return OnPeArray(shape, new ConvOperands(c, x, w), q, Task.Run(() => GoldenReference.Conv(c, x, w, q)), x.Length + w.Length);
    }

    private LayerWork Gemm(GemmLayer g, OperandGenerator data)
    {
        var (a, w) = LayerTensors.Gemm(g, data, scenario.Data);
        var shape = GemmShape.Of(g);
        var q = QuantParams.ForReduction(shape.K);
        return OnPeArray(shape, new MatrixOperands(g, a, w), q, Task.Run(() => GoldenReference.Gemm(a, w, q)), a.Length + w.Length);
    }

    private LayerWork OnPeArray(GemmShape shape, IGemmOperands operands, QuantParams q, Task<Tensor<sbyte>> golden, long uploadBytes)
    {
        var steps = GemmExecutor.Execute(_hw, shape, operands, q.Multiplier, q.OutputZeroPoint);
        var (input, weight, output) = ScratchpadActionCounter.ForGemm(TilePlan.For(shape, _hw), _hw.Scratchpads);
        return new LayerWork(operands.Output, golden, steps, uploadBytes, shape.Macs, "pe_array", input, weight, output, 0);
    }

    private LayerWork Relu(Tensor<sbyte> x) =>
        OnVectorUnit(VectorUnit.Relu(x), Task.Run(() => GoldenReference.Relu(x)), Vector.ReluSteps(x.Length), x.Length, reads: x.Length);

    private LayerWork Pool(PoolLayer p, Tensor<sbyte> x)
    {
        var y = VectorUnit.Pool(p, x);
        return OnVectorUnit(y, Task.Run(() => GoldenReference.Pool(p, x)), Vector.PoolSteps(p), x.Length,
            reads: (long)y.Length * p.KernelH * p.KernelW);
    }

    /// <summary>A layer on the vector unit: one operation per element read, and the scratchpad traffic of its passes.</summary>
    private LayerWork OnVectorUnit(Tensor<sbyte> y, Task<Tensor<sbyte>> golden, List<TileStep> steps, long inputBytes, long reads)
    {
        var (input, output) = ScratchpadActionCounter.ForVector(inputBytes, reads, y.Length, _hw.Scratchpads);
        return new LayerWork(y, golden, steps, inputBytes, 0, "vector", input, default, output, reads);
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
