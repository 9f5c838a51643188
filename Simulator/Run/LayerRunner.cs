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
        var zW = scenario.Data.WeightZeroFraction;
        Tensor<sbyte> output;
        Task<Tensor<sbyte>> golden;
        List<TileStep> steps;
        long macs = 0;
        string unit;

        switch (layer)
        {
            case Conv2DLayer c:
            {
                var x = data.Int8([c.Batch, c.InChannels, c.InHeight, c.InWidth], zA);
                var w = data.Int8([c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW], zW);
                var shape = GemmShape.Of(c);
                var q = QuantParams.ForReduction(shape.K);
                golden = Task.Run(() => GoldenReference.Conv(c, x, w, q));
                var operands = new ConvOperands(c, x, w);
                steps = GemmExecutor.Execute(TilePlan.For(shape, _hw), operands, q.Multiplier, q.OutputZeroPoint);
                output = operands.Output;
                macs = shape.Macs;
                unit = "pe_array";
                break;
            }
            case GemmLayer g:
            {
                var a = data.Int8([g.M, g.K], zA);
                var w = data.Int8([g.K, g.N], zW);
                var shape = GemmShape.Of(g);
                var q = QuantParams.ForReduction(shape.K);
                golden = Task.Run(() => GoldenReference.Gemm(a, w, q));
                var operands = new MatrixOperands(g, a, w);
                steps = GemmExecutor.Execute(TilePlan.For(shape, _hw), operands, q.Multiplier, q.OutputZeroPoint);
                output = operands.Output;
                macs = shape.Macs;
                unit = "pe_array";
                break;
            }
            case ReluLayer r:
            {
                // ReLU inputs are a previous layer's int8 outputs: signed, not yet rectified.
                var x = data.Int8(r.Shape, zA);
                golden = Task.Run(() => GoldenReference.Relu(x));
                output = VectorUnit.Relu(x);
                steps = Vector.ReluSteps(x.Length);
                unit = "vector";
                break;
            }
            case PoolLayer p:
            {
                var x = data.Int8([p.Batch, p.Channels, p.InHeight, p.InWidth], zA);
                golden = Task.Run(() => GoldenReference.Pool(p, x));
                output = VectorUnit.Pool(p, x);
                steps = Vector.PoolSteps(p);
                unit = "vector";
                break;
            }
            default:
                throw new InvalidOperationException($"layer '{layer.Name}': no unit runs {layer.GetType().Name}");
        }

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
