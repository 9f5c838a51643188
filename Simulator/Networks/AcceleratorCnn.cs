using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Numerics;
using Sim.Operators;
using Sim.Profiling;
using Sim.Run;
using Sim.Tensors;

namespace Sim.Networks;

/// <summary>One layer of a network run on the accelerator: its cycles as the engine timed them, and its energy.</summary>
internal sealed record NetworkLayerRun(
    string Name, string Unit, long Macs, int Steps, LayerTiming Timing, long DramBytes, long LinkBytes, LayerEnergy Energy);

/// <summary>
/// A batch of images through the whole network on the accelerator: int8 logits [batch, 10], each layer's run,
/// and the program's cycles from the images' upload to the logits' landing.
/// </summary>
internal sealed record AcceleratorRun(int Batch, int[] Logits, IReadOnlyList<NetworkLayerRun> Layers, double ClockMhz, long Cycles)
{
    public double Seconds => Cycles / (ClockMhz * 1e6);
    public double EnergyPj => Layers.Sum(l => l.Energy.TotalPj);
    public long Macs => Layers.Sum(l => l.Macs);
}

/// <summary>
/// The int8 CNN on the simulated accelerator, a batch of images at a time. Each layer is a layer record lowered
/// by its operator in the one operator set (<see cref="OperatorSet"/>), as a scenario's layers are, but over
/// the network's own tensors rather than seeded ones. The four conv and fc layers run on the PE array through
/// the fast model (<see cref="GemmExecutor"/>: the batch's output pixels, or for fc the batch's images, are the
/// GEMM's M), requantised in the output stage per output channel (bias, then the channel's multiplier,
/// <see cref="ChannelRequantization"/>); ReLU and max pools run on the vector unit.
/// The layers are one program on one machine (<see cref="ProgramRunner"/>), as a scenario offloaded as a
/// network is: the weights preloaded, the images up the host link before the first layer, the logits down
/// after the last, every activation in device memory between.
/// </summary>
internal sealed class AcceleratorCnn(HardwareConfig hw)
{
    private const string Images = "images";

    /// <summary>Images start..start+count-1, quantised on the host (the golden QuantizeLinear), through the network.</summary>
    public AcceleratorRun Run(QuantizedCnn q, Datasets.LabelledImages images, int start, int count)
    {
        if (hw.NumberFormat != ElementFormat.Int8)
            throw new InputError($"hardware '{hw.Name}' runs {hw.NumberFormat.Name()} operands; the quantised network needs an int8 array");
        var x = new Tensor<short>(count, 1, images.Height, images.Width);
        var pixels = images.Pixels.AsSpan(start * images.ImageSize, count * images.ImageSize);
        for (int i = 0; i < pixels.Length; i++) x.Data[i] = (short)q.QuantizePixel(pixels[i]);
        return Run(q, x);
    }

    /// <summary>A batch of int8 images [batch, 1, 28, 28] through the network.</summary>
    public AcceleratorRun Run(QuantizedCnn q, Tensor<short> images)
    {
        int batch = images.Shape[0];
        var program = new List<ProgramLayer>();
        var x = Conv(q.Conv1, images, program);
        x = Pool("pool1", Relu("relu1", x, program), program);
        x = Conv(q.Conv2, x, program);
        x = Pool("pool2", Relu("relu2", x, program), program);
        var flat = new Tensor<short>([batch, x.Length / batch], x.Data);
        var h = Relu("relu3", FullyConnected(q.Fc1, flat, program), program);
        var logits = FullyConnected(q.Fc2, h, program);
        program[^1] = program[^1] with { DownloadsOutput = true };

        var weights = program.Where(l => l.Regions.Weights is not null).Select(l => l.Regions.Weights!).ToHashSet();
        var timed = ProgramRunner.Run(hw, program, weights, timeline: null, RunPhases.Off, Scenarios.ExecutionConfig.Default);
        var layers = program.Select((l, i) => new NetworkLayerRun(l.Name, l.Work.Unit, l.Work.Macs, l.Work.Steps.Count, timed.Rows[i].Timing,
            timed.Rows[i].DramBytesRead + timed.Rows[i].DramBytesWritten, timed.Rows[i].LinkBytesToDevice + timed.Rows[i].LinkBytesToHost,
            timed.Rows[i].Energy)).ToList();
        return new AcceleratorRun(batch, logits.Data.Select(v => (int)v).ToArray(), layers, hw.PeArray.ClockMhz, timed.Cycles);
    }

    private Tensor<short> Conv(QuantizedLayer l, Tensor<short> x, List<ProgramLayer> program)
    {
        var layer = new Conv2DLayer(l.Name, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], l.OutChannels,
            l.KernelH, l.KernelW, 1, 1, Padding2D.None, 1, 1, 1);
        var w = new Tensor<short>([l.OutChannels, l.InChannels, l.KernelH, l.KernelW], l.Weights.Select(v => (short)v).ToArray());
        return OnPeArray(l, layer, x, w, program);
    }

    private Tensor<short> FullyConnected(QuantizedLayer l, Tensor<short> a, List<ProgramLayer> program)
    {
        int k = l.K, n = l.OutChannels;
        if (a.Shape[1] != k) throw new ArgumentException($"{l.Name}: input has {a.Shape[1]} features, the layer {k}");
        var w = new Tensor<short>(k, n);              // W[K, N]: column n is output channel n's OIHW weights
        for (int o = 0; o < n; o++)
            for (int i = 0; i < k; i++) w.Data[i * n + o] = l.Weights[o * k + i];
        return OnPeArray(l, new GemmLayer(l.Name, a.Shape[0], k, n), a, w, program);
    }

    /// <summary>A conv or fc layer through its operator, requantised in the output stage per output channel: bias, then the channel's multiplier.</summary>
    private Tensor<short> OnPeArray(QuantizedLayer l, LayerSpec layer, Tensor<short> x, Tensor<short> w, List<ProgramLayer> program)
    {
        var numerics = GemmNumerics.Int8(1f, 0) with { PerChannel = new ChannelRequantization(l.Multipliers(), l.Bias) };
        var work = OperatorSet.OnPeArray(hw, layer, x, w, numerics, Checked);
        Add(program, l.Name, work, $"weights of {l.Name}", x.Length);
        return work.Output!;
    }

    private Tensor<short> Relu(string name, Tensor<short> x, List<ProgramLayer> program) =>
        OnVectorUnit(new ReluLayer(name, x.Shape), x, program);

    private Tensor<short> Pool(string name, Tensor<short> x, List<ProgramLayer> program) =>
        OnVectorUnit(new PoolLayer(name, PoolKind.Max, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], 2, 2, 2, 2, Padding2D.None), x, program);

    /// <summary>A ReLU or pool layer through its operator.</summary>
    private Tensor<short> OnVectorUnit(LayerSpec layer, Tensor<short> x, List<ProgramLayer> program)
    {
        var work = OperatorSet.OnVectorUnit(hw, layer, [x], Checked);
        Add(program, layer.Name, work, null, x.Length);
        return work.Output!;
    }

    /// <summary>
    /// The layer reads the one before it (the first, the images the host sends up) and writes its own output.
    /// Each layer's output is compared with the golden network's as a whole, on its logits, by the evaluation.
    /// </summary>
    /// <param name="inputBytes">The bytes of its input: the images the first layer's upload carries.</param>
    private static void Add(List<ProgramLayer> program, string name, LayerWork work, string? weights, long inputBytes)
    {
        int index = program.Count;
        string input = index == 0 ? Images : $"output of {program[^1].Name}";
        program.Add(new ProgramLayer(name, work.Unit, work, new RegionTensors(input, weights, $"output of {name}", null),
            UploadBytes: index == 0 ? inputBytes : 0, DownloadsOutput: false, WaitsFor: index == 0 ? [] : [index - 1]));
    }

    /// <summary>No layer is checked alone: the network's output is checked whole, on its logits (see <see cref="FashionMnistEvaluation"/>).</summary>
    private static LayerCheck Checked() =>
        throw new InvalidOperationException("the CNN's layers are checked together, on the network's logits");
}
