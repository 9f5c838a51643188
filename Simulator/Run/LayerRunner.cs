using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Timeline;
using Sim.Workload;

namespace Sim.Run;

/// <summary>
/// Runs one layer of a scenario: makes its operands, computes its output on the fast model while
/// producing its command stream and starts the golden model on another core (a <see cref="LayerWork"/>),
/// then hands it to <see cref="LayerExecution"/> to be timed, costed and checked.
/// </summary>
public sealed class LayerRunner(ScenarioConfig scenario, TimelineRecorder? timeline = null, RunPhases? phases = null)
{
    private readonly HardwareConfig _hw = scenario.Hardware;
    private readonly RunPhases _phases = phases ?? RunPhases.Off;
    private readonly LayerExecution _execution = new(scenario.Hardware, timeline, phases);

    public LayerResult Run(LayerSpec layer, int index) => Start(layer, index).Finish();

    /// <summary>Runs the layer but for its comparison with the golden model, which goes on on another core until <see cref="PendingLayer.Finish"/>.</summary>
    public PendingLayer Start(LayerSpec layer, int index) => Time(layer, Prepare(layer, index));

    /// <summary>
    /// The first half of <see cref="Start"/>: the layer's operands, its output and command stream from the
    /// fast model, and its golden model started on another core. Layers do not depend on one another, so
    /// any thread may prepare any layer, in any order, each giving the same work.
    /// </summary>
    public LayerWork Prepare(LayerSpec layer, int index)
    {
        var data = new OperandGenerator(scenario.Seed, index);
        var zA = scenario.Data.ActivationZeroFraction;
        return layer switch
        {
            Conv2DLayer c => Conv(c, data),
            GemmLayer g => Gemm(g, data),
            // ReLU inputs are a previous layer's int8 outputs: signed, not yet rectified.
            ReluLayer r => Relu(r.Name, _phases.Time("operands", () => data.Int8(r.Shape, zA))),
            PoolLayer p => Pool(p, _phases.Time("operands", () => data.Int8([p.Batch, p.Channels, p.InHeight, p.InWidth], zA))),
            _ => throw new InvalidOperationException($"layer '{layer.Name}': no unit runs {layer.GetType().Name}"),
        };
    }

    /// <summary>
    /// The second half of <see cref="Start"/>: times a prepared layer on the hardware after the layers timed
    /// before it (so layers must come here in their order).
    /// </summary>
    public PendingLayer Time(LayerSpec layer, LayerWork work) => _execution.Start(layer.Name, LayerTypeName(layer), work);

    private LayerWork Conv(Conv2DLayer c, OperandGenerator data)
    {
        var f = c.FormatOn(_hw);
        var (x, w) = _phases.Time("operands", () => LayerTensors.Conv(c, data, scenario.Data, f.Operands));
        var shape = GemmShape.Of(c);
        var q = QuantParams.For(shape.K, f.Operands, f.Output);
        var operands = new ConvOperands(c, x, w);
        var order = _hw.AccumulationOrder(GemmExecutor.UsesStructured24(_hw, shape, operands, f));
        return OnPeArray(c.Name, shape, operands, q, f,
            Golden(() => GoldenReference.Conv(c, x, w, q, f, order)), x.Length + w.Length);
    }

    private LayerWork Gemm(GemmLayer g, OperandGenerator data)
    {
        var f = g.FormatOn(_hw);
        var (a, w) = _phases.Time("operands", () => LayerTensors.Gemm(g, data, scenario.Data, f.Operands));
        var shape = GemmShape.Of(g);
        var q = QuantParams.For(shape.K, f.Operands, f.Output);
        var operands = new MatrixOperands(g, a, w);
        var order = _hw.AccumulationOrder(GemmExecutor.UsesStructured24(_hw, shape, operands, f));
        return OnPeArray(g.Name, shape, operands, q, f,
            Golden(() => GoldenReference.Gemm(a, w, q, f, order)), a.Length + w.Length);
    }

    private LayerWork OnPeArray(string name, GemmShape shape, IGemmOperands operands, QuantParams q, LayerFormat f,
        Task<GoldenResult> golden, long operandCount)
    {
        var run = _phases.Time("fast model", () => GemmExecutor.Run(_hw, shape, operands, new GemmNumerics(f, q.Multiplier, q.OutputZeroPoint)));
        var steps = run.Steps;
        var output = operands.Output;
        var (input, weight, outputBuffer) = ScratchpadActionCounter.ForGemm(run.Plan, _hw.Scratchpads);
        return new LayerWork(
            () =>
            {
                var g = golden.Result;
                return new LayerCheck(OutputCheck.Compare(name, g.Output, output), g.MaxAbsError, g.MaxUlpError);
            },
            steps,
            ScratchpadRequirements.Bytes(operandCount, ScratchpadRequirements.OperandBits(f.Operands)),
            ScratchpadRequirements.Bytes(output.Length, ScratchpadRequirements.OperandBits(f.Output)),
            shape.Macs, "pe_array", f.ShortName, f.Operands.Name(), new BufferAccesses(input, weight, outputBuffer), 0,
            run, LayerWork.Sha256(output));
    }

    private LayerWork Relu(string name, Tensor<sbyte> x) =>
        OnVectorUnit(name, _phases.Time("fast model", () => VectorUnit.Relu(x)), Golden(() => GoldenReference.Relu(x)), Vector.ReluSteps(x.Length), x.Length, reads: x.Length);

    private LayerWork Pool(PoolLayer p, Tensor<sbyte> x)
    {
        var y = _phases.Time("fast model", () => VectorUnit.Pool(p, x));
        return OnVectorUnit(p.Name, y, Golden(() => GoldenReference.Pool(p, x)), Vector.PoolSteps(p), x.Length,
            reads: (long)y.Length * p.KernelH * p.KernelW);
    }

    /// <summary>A layer on the vector unit (int8): one operation per element read, and the scratchpad traffic of its passes.</summary>
    private LayerWork OnVectorUnit(string name, Tensor<sbyte> y, Task<Tensor<sbyte>> golden, List<TileStep> steps, long inputBytes, long reads)
    {
        var (input, output) = ScratchpadActionCounter.ForVector(inputBytes, reads, y.Length, _hw.Scratchpads);
        return new LayerWork(() => new LayerCheck(OutputCheck.Compare(name, golden.Result, y), 0, 0),
            steps, inputBytes, y.Length, 0, "vector", "int8", "int8", new BufferAccesses(input, default, output), reads,
            OutputSha256: LayerWork.Sha256(y));
    }

    /// <summary>The golden model of a layer, started on another core.</summary>
    private Task<T> Golden<T>(Func<T> model) => Task.Run(() => _phases.Time("golden model (other thread)", model));

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
