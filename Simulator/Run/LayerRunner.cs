using Sim.Accelerator;
using Sim.Config;
using Sim.Engine;
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
        var (output, golden, steps, macs, unit) = work;

        var engine = new EventEngine();
        var memory = new SimpleMemory(engine, _hw.Memory);
        var controller = new Controller(engine, memory, ClockDomain.FromMhz("core", _hw.PeArray.ClockMhz));
        long cycles = controller.Run(steps);

        string? mismatch = OutputCheck.Compare(layer.Name, golden.Result, output);

        long peCount = (long)_hw.PeArray.Rows * _hw.PeArray.Cols;
        return new LayerResult(
            layer.Name, LayerTypeName(layer), unit, cycles, controller.ComputeCycles,
            cycles - controller.ComputeCycles, macs,
            macs == 0 ? 0 : macs / ((double)cycles * peCount),
            steps.Count, memory.BytesRead, memory.BytesWritten, mismatch == null, mismatch);
    }

    /// <summary>A layer's output from the fast model, the golden model's (still computing), and its command stream.</summary>
    private sealed record LayerWork(Tensor<sbyte> Output, Task<Tensor<sbyte>> Golden, List<TileStep> Steps, long Macs, string Unit);

    private LayerWork Conv(Conv2DLayer c, OperandGenerator data)
    {
        var (x, w) = LayerTensors.Conv(c, data, scenario.Data);
        var shape = GemmShape.Of(c);
        var q = QuantParams.ForReduction(shape.K);
        return OnPeArray(shape, new ConvOperands(c, x, w), q, Task.Run(() => GoldenReference.Conv(c, x, w, q)));
    }

    private LayerWork Gemm(GemmLayer g, OperandGenerator data)
    {
        var (a, w) = LayerTensors.Gemm(g, data, scenario.Data);
        var shape = GemmShape.Of(g);
        var q = QuantParams.ForReduction(shape.K);
        return OnPeArray(shape, new MatrixOperands(g, a, w), q, Task.Run(() => GoldenReference.Gemm(a, w, q)));
    }

    private LayerWork OnPeArray(GemmShape shape, IGemmOperands operands, QuantParams q, Task<Tensor<sbyte>> golden)
    {
        var steps = GemmExecutor.Execute(TilePlan.For(shape, _hw), operands, q.Multiplier, q.OutputZeroPoint);
        return new LayerWork(operands.Output, golden, steps, shape.Macs, "pe_array");
    }

    private LayerWork Relu(Tensor<sbyte> x) =>
        new(VectorUnit.Relu(x), Task.Run(() => GoldenReference.Relu(x)), Vector.ReluSteps(x.Length), 0, "vector");

    private LayerWork Pool(PoolLayer p, Tensor<sbyte> x) =>
        new(VectorUnit.Pool(p, x), Task.Run(() => GoldenReference.Pool(p, x)), Vector.PoolSteps(p), 0, "vector");

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
