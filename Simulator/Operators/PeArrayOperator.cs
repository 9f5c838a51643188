using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>
/// An operator whose layers run on the PE array and hold operands of their own (weights): drawn from the seed,
/// possibly ahead of the layer's turn, or given by a network Sim builds itself.
/// </summary>
internal interface IPeArrayOperator
{
    PeOperands Draw(Lowering ctx, LayerSpec layer, int index, bool withInput);

    LayerWork OnGiven(HardwareConfig hw, LayerSpec layer, Tensor<short> input, Tensor<short> weights, GemmNumerics numerics, Func<LayerCheck> check);
}

/// <summary>
/// What the PE-array operators share: operands (the input another layer computed, or the layer's own, and
/// its weights, drawn ahead or now), the fast model run through <see cref="UnitWork"/> with the requantisation
/// of <see cref="QuantParams"/>, and the element-wise layers fused into the output stage, applied to the
/// output in the fast model and to the golden output in the golden model. A network Sim builds itself gives
/// the operands and the output stage's numerics instead (<see cref="OnGiven"/>) and checks the network whole.
/// </summary>
internal abstract class PeArrayOperator<T> : LayerOperator<T>, IPeArrayOperator where T : LayerSpec
{
    /// <summary>The layer's own operands from its generator: the input only when <paramref name="withInput"/>, then the weights.</summary>
    public PeOperands Draw(Lowering ctx, LayerSpec layer, int index, bool withInput)
    {
        var (x, w) = ctx.Phases.Time("operands", () => DrawTensors((T)layer, new OperandGenerator(ctx.Seed, index),
            ctx.Data, layer.FormatOn(ctx.Hw).Operands, withInput));
        return new PeOperands(x, w);
    }

    /// <summary>
    /// The layer over operands the caller gives (raw bits), in the output-stage numerics it gives (the Fashion-MNIST
    /// CNN's per-channel requantisation); no golden model: <paramref name="check"/> is the caller's. The work's
    /// Output is the layer's output.
    /// </summary>
    public LayerWork OnGiven(HardwareConfig hw, LayerSpec layer, Tensor<short> input, Tensor<short> weights, GemmNumerics numerics, Func<LayerCheck> check)
    {
        var (shape, operands) = Gemm(hw, (T)layer, input, weights);
        return UnitWork.OnPeArray(hw, shape, operands, numerics, input.Length + weights.Length, check) with { Output = operands.Output };
    }

    /// <summary>The seeded operands, drawn as <see cref="LayerTensors"/> draws this kind of layer's.</summary>
    protected abstract (Tensor<short>? Input, Tensor<short> Weights) DrawTensors(T layer, OperandGenerator data, DataSource source,
        ElementFormat format, bool withInput);

    /// <summary>The shape of the tensor the layer reads.</summary>
    protected abstract int[] InputShape(T layer);

    /// <summary>The layer as one GEMM per group over its operands, as the hardware runs it.</summary>
    protected abstract (GemmShape Shape, IGemmOperands Operands) Gemm(HardwareConfig hw, T layer, Tensor<short> input, Tensor<short> weights);

    /// <summary>The golden model's output for the layer, accumulating in <paramref name="order"/>.</summary>
    protected abstract GoldenResult Golden(T layer, Tensor<short> input, Tensor<short> weights, QuantParams q, LayerFormat f,
        AccumulationOrder order);

    protected override LayerWork Lower(Lowering ctx, T layer, int index, LayerInputs inputs)
    {
        var f = layer.FormatOn(ctx.Hw);
        var given = inputs.Value(0);
        var drawn = inputs.Drawn ?? Draw(ctx, layer, index, withInput: given is null);
        var x = given is null ? drawn.Input! : new Tensor<short>(InputShape(layer), given.Data);
        var w = drawn.Weights;
        var (shape, operands) = Gemm(ctx.Hw, layer, x, w);
        return OnPeArray(ctx, layer, shape, operands, f, x.Length + w.Length, inputs, (q, order) => Golden(layer, x, w, q, f, order));
    }

    /// <summary>
    /// The layer on the PE array: <paramref name="golden"/> gives the golden output from the golden model's
    /// accumulation order, which depends on whether the layer runs 2:4 compressed weights.
    /// </summary>
    private static LayerWork OnPeArray(Lowering ctx, LayerSpec layer, GemmShape shape, IGemmOperands operands, LayerFormat f,
        long operandCount, LayerInputs inputs, Func<QuantParams, AccumulationOrder, GoldenResult> golden)
    {
        string name = layer.Name;
        var q = QuantParams.For(shape.K, f.Operands, f.Output);
        var order = ctx.Hw.AccumulationOrder(f, GemmExecutor.UsesStructured24(ctx.Hw, shape, operands, f));
        var fused = inputs.Fused;
        var expected = ctx.Golden(() => FusedGolden(golden(q, order), fused));
        var check = () =>
        {
            var g = expected.Result;
            return new LayerCheck(OutputCheck.Compare(name, g.Output, operands.Output), g.MaxAbsError, g.MaxUlpError);
        };
        var work = ctx.Phases.Time("fast model", () =>
            UnitWork.OnPeArray(ctx.Hw, shape, operands, new GemmNumerics(f, q.Multiplier, q.OutputZeroPoint), operandCount, check, layer.Mapping));
        var output = operands.Output;
        var fusedSha = new List<string>(fused.Count);
        var steps = work.Steps;
        foreach (var op in fused)
        {
            switch (op.Layer)
            {
                case AddLayer:
                    Int8Elementwise.AddSaturating(output.Data, op.Residual!.Data);
                    steps = WithResidualLoads(steps);
                    break;
                case ClipLayer c:
                    Int8Elementwise.Clip(output.Data, c.Min, c.Max);
                    break;
                default:
                    Int8Elementwise.Relu(output.Data);
                    break;
            }
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
        var y = GoldenReference.Widen(root.Output);
        foreach (var op in fused)
            y = op.Layer switch
            {
                AddLayer => GoldenReference.AddInt8(y, GoldenReference.Widen(op.Residual!)),
                ClipLayer c => Ops.Clip(y, c.Min, c.Max),
                _ => Ops.Relu(y, zeroPoint: 0),
            };
        return root with { Output = new Tensor<short>(y.Shape, Array.ConvertAll(y.Data, v => checked((short)v))) };
    }
}
