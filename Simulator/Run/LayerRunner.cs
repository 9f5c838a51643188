using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Golden;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Scenarios;
using Sim.Tensors;
using Sim.Timeline;
using Sim.Workload;

namespace Sim.Run;

/// <summary>An element-wise layer run in the output stage of the PE-array layer before it, and the residual an add reads.</summary>
public sealed record FusedOp(LayerSpec Layer, Tensor<short>? Residual);

/// <summary>
/// What a layer of a network reads: for each of its inputs the output of the layer that wrote it (raw bits
/// of that layer's output format), or null where the layer reads a tensor of its own (seeded as when it runs
/// alone); and the element-wise layers fused into its output stage, in order.
/// </summary>
public sealed record LayerInputs(IReadOnlyList<Tensor<short>?> Values, IReadOnlyList<FusedOp> Fused)
{
    /// <summary>A PE-array layer's own operands drawn ahead (<see cref="LayerRunner.DrawOperands"/>), or null to draw them now.</summary>
    public PeOperands? Drawn { get; init; }

    public static readonly LayerInputs OwnData = new([], []);

    public Tensor<short>? Value(int i) => i < Values.Count ? Values[i] : null;
}

/// <summary>A PE-array layer's own operands: its input (null when it reads another layer's output) and its weights.</summary>
public sealed record PeOperands(Tensor<short>? Input, Tensor<short> Weights);

/// <summary>
/// Runs one layer of a scenario: makes its operands (or takes its inputs from the layers before it), computes
/// its output on the fast model while producing its command stream and starts the golden model on another
/// core (a <see cref="LayerWork"/>), then hands it to <see cref="LayerExecution"/> to be timed, costed and
/// checked when layers are offloaded one at a time.
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
    /// fast model, and its golden model started on another core. A layer's own data depends only on the
    /// scenario's seed and its position, so any thread may prepare any layer that reads no other's output.
    /// </summary>
    public LayerWork Prepare(LayerSpec layer, int index, LayerInputs? inputs = null)
    {
        inputs ??= LayerInputs.OwnData;
        var data = new OperandGenerator(scenario.Seed, index);
        var zA = scenario.Data.ActivationZeroFraction;
        Tensor<sbyte> Int8(int[] shape, int input) => inputs.Value(input) is { } given
            ? ToInt8(given, shape)
            : _phases.Time("operands", () => data.Int8(shape, zA));
        return layer switch
        {
            Conv2DLayer c => Conv(c, index, inputs),
            GemmLayer g => Gemm(g, index, inputs),
            // ReLU inputs are a previous layer's int8 outputs: signed, not yet rectified.
            ReluLayer r => Relu(r.Name, Int8(r.Shape, 0)),
            AddLayer a => Add(a.Name, Int8(a.Shape, 0), Int8(a.Shape, 1)),
            PoolLayer p => Pool(p, Int8([p.Batch, p.Channels, p.InHeight, p.InWidth], 0)),
            _ => throw new InvalidOperationException($"layer '{layer.Name}': no unit runs {layer.GetType().Name}"),
        };
    }

    /// <summary>
    /// The second half of <see cref="Start"/>: times a prepared layer on the hardware after the layers timed
    /// before it (so layers must come here in their order).
    /// </summary>
    public PendingLayer Time(LayerSpec layer, LayerWork work) => _execution.Start(layer.Name, LayerTypeName(layer), work);

    /// <summary>
    /// A conv's or gemm's own operands from its generator: the input only when <paramref name="withInput"/>, then
    /// the weights. They depend on nothing computed, so a thread may draw them ahead of the layer's turn.
    /// </summary>
    public PeOperands DrawOperands(LayerSpec layer, int index, bool withInput)
    {
        var data = new OperandGenerator(scenario.Seed, index);
        var format = layer.FormatOn(_hw).Operands;
        var (x, w) = _phases.Time("operands", () => layer switch
        {
            Conv2DLayer c => LayerTensors.Conv(c, data, scenario.Data, format, withInput),
            GemmLayer g => LayerTensors.Gemm(g, data, scenario.Data, format, withInput),
            _ => throw new ArgumentException($"layer '{layer.Name}' has no PE-array operands", nameof(layer)),
        });
        return new PeOperands(x, w);
    }

    /// <summary>The layer's input and weights: the input another layer computed, or its own; weights drawn ahead or now.</summary>
    private (Tensor<short> Input, Tensor<short> Weights) Operands(LayerSpec layer, int index, int[] inputShape, LayerInputs inputs)
    {
        var given = inputs.Value(0);
        var drawn = inputs.Drawn ?? DrawOperands(layer, index, withInput: given is null);
        return (given is null ? drawn.Input! : new Tensor<short>(inputShape, given.Data), drawn.Weights);
    }

    private LayerWork Conv(Conv2DLayer c, int index, LayerInputs inputs)
    {
        var f = c.FormatOn(_hw);
        var (x, w) = Operands(c, index, [c.Batch, c.InChannels, c.InHeight, c.InWidth], inputs);
        var shape = GemmShape.Of(c);
        var q = QuantParams.For(shape.K, f.Operands, f.Output);
        var operands = new ConvOperands(c, x, w);
        var order = _hw.AccumulationOrder(GemmExecutor.UsesStructured24(_hw, shape, operands, f));
        return OnPeArray(c.Name, shape, operands, q, f,
            Golden(() => FusedGolden(GoldenReference.Conv(c, x, w, q, f, order), inputs.Fused)), x.Length + w.Length, inputs.Fused);
    }

    private LayerWork Gemm(GemmLayer g, int index, LayerInputs inputs)
    {
        var f = g.FormatOn(_hw);
        var (a, w) = Operands(g, index, [g.M, g.K], inputs);
        var shape = GemmShape.Of(g);
        var q = QuantParams.For(shape.K, f.Operands, f.Output);
        var operands = new MatrixOperands(g, a, w);
        var order = _hw.AccumulationOrder(GemmExecutor.UsesStructured24(_hw, shape, operands, f));
        return OnPeArray(g.Name, shape, operands, q, f,
            Golden(() => FusedGolden(GoldenReference.Gemm(a, w, q, f, order), inputs.Fused)), a.Length + w.Length, inputs.Fused);
    }

    private LayerWork OnPeArray(string name, GemmShape shape, IGemmOperands operands, QuantParams q, LayerFormat f,
        Task<GoldenResult> golden, long operandCount, IReadOnlyList<FusedOp> fused)
    {
        var check = () =>
        {
            var g = golden.Result;
            return new LayerCheck(OutputCheck.Compare(name, g.Output, operands.Output), g.MaxAbsError, g.MaxUlpError);
        };
        var work = _phases.Time("fast model", () =>
            UnitWork.OnPeArray(_hw, shape, operands, new GemmNumerics(f, q.Multiplier, q.OutputZeroPoint), operandCount, check));
        var output = operands.Output;
        var fusedSha = new List<string>(fused.Count);
        var steps = work.Steps;
        foreach (var op in fused)
        {
            if (op.Residual is { } residual)
            {
                Int8Elementwise.AddSaturating(output.Data, residual.Data);
                steps = WithResidualLoads(steps);
            }
            else Int8Elementwise.Relu(output.Data);
            // Hashed as the int8 tensor a vector-unit layer would have written, so fused or not it hashes the same.
            fusedSha.Add(LayerWork.Sha256(new Tensor<sbyte>(output.Shape, Array.ConvertAll(output.Data, v => (sbyte)v))));
        }
        // Each fused layer is one output-stage operation per output element.
        return work with
        {
            Steps = steps, VectorOps = (long)fused.Count * output.Length, OutputSha256 = LayerWork.Sha256(output),
            Output = output, FusedSha256 = fusedSha,
        };
    }

    /// <summary>A fused add reads the residual block that matches each stored output block, with the step that stores it.</summary>
    private static List<TileStep> WithResidualLoads(List<TileStep> steps) =>
        steps.ConvertAll(s => s.Store.Bytes == 0 ? s : s with
        {
            Residual = new MemoryRange(TileLayout.ResidualBase + (s.Store.Address - TileLayout.OutputBase), s.Store.Bytes),
        });

    /// <summary>The golden model of the fused layers, applied in order to the golden output of the layer they fuse into.</summary>
    private static GoldenResult FusedGolden(GoldenResult root, IReadOnlyList<FusedOp> fused)
    {
        if (fused.Count == 0) return root;
        var y = Widen(root.Output);
        foreach (var op in fused)
            y = op.Residual is { } r ? GoldenReference.AddInt8(y, Widen(r)) : Ops.Relu(y, zeroPoint: 0);
        return root with { Output = new Tensor<short>(y.Shape, Array.ConvertAll(y.Data, v => checked((short)v))) };
    }

    private LayerWork Relu(string name, Tensor<sbyte> x) =>
        OnVectorUnit(name, _phases.Time("fast model", () => VectorUnit.Relu(x)), Golden(() => GoldenReference.Relu(x)), Vector.ReluSteps(x.Length), x.Length, reads: x.Length);

    private LayerWork Add(string name, Tensor<sbyte> a, Tensor<sbyte> b)
    {
        var y = _phases.Time("fast model", () => VectorUnit.Add(a, b));
        return OnVectorUnit(name, y, Golden(() => GoldenReference.Add(a, b)), Vector.AddSteps(a.Length), 2L * a.Length, reads: 2L * a.Length);
    }

    private LayerWork Pool(PoolLayer p, Tensor<sbyte> x)
    {
        var y = _phases.Time("fast model", () => VectorUnit.Pool(p, x));
        return OnVectorUnit(p.Name, y, Golden(() => GoldenReference.Pool(p, x)), Vector.PoolSteps(p), x.Length,
            reads: (long)y.Length * p.KernelH * p.KernelW);
    }

    /// <summary>A layer on the vector unit (int8): one operation per element read, and the scratchpad traffic of its passes.</summary>
    private LayerWork OnVectorUnit(string name, Tensor<sbyte> y, Task<Tensor<sbyte>> golden, List<TileStep> steps, long inputBytes, long reads) =>
        UnitWork.OnVectorUnit(_hw, steps, inputBytes, y.Length, reads, "int8", "int8",
            () => new LayerCheck(OutputCheck.Compare(name, golden.Result, y), 0, 0)) with
        {
            OutputSha256 = LayerWork.Sha256(y),
            Output = new Tensor<short>(y.Shape, Array.ConvertAll(y.Data, v => (short)v)),
        };

    /// <summary>The golden model of a layer, started on another core.</summary>
    private Task<T> Golden<T>(Func<T> model) => Task.Run(() => _phases.Time("golden model (other thread)", model));

    private VectorUnit Vector => new(_hw.VectorUnit, _hw.Scratchpads.Input.CapacityBytes);

    /// <summary>An int8 output of another layer (in shorts) as this layer's int8 input of <paramref name="shape"/>.</summary>
    private static Tensor<sbyte> ToInt8(Tensor<short> t, int[] shape) =>
        new(shape, Array.ConvertAll(t.Data, v => checked((sbyte)v)));

    private static Tensor<int> Widen(Tensor<short> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (int)v));

    public static string LayerTypeName(LayerSpec layer) => layer switch
    {
        Conv2DLayer c when c.Groups == c.InChannels && c.Groups > 1 => "depthwise",
        Conv2DLayer => "conv2d",
        GemmLayer => "gemm",
        ReluLayer => "relu",
        AddLayer => "add",
        PoolLayer { Kind: PoolKind.Max } => "maxpool",
        PoolLayer => "avgpool",
        _ => layer.GetType().Name,
    };
}
