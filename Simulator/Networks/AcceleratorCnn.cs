using Sim.Accelerator;
using Sim.Config;
using Sim.Dma;
using Sim.Energy;
using Sim.Engine;
using Sim.HostLink;
using Sim.Mapping;
using Sim.Memory;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Training;

namespace Sim.Networks;

/// <summary>One layer of a network run on the accelerator: its cycles as the engine timed them, and its energy.</summary>
public sealed record NetworkLayerRun(
    string Name, string Unit, long Macs, int Steps, LayerTiming Timing, long DramBytes, long LinkBytes, LayerEnergy Energy);

/// <summary>A batch of images through the whole network on the accelerator: int8 logits [batch, 10] and each layer's run.</summary>
public sealed record AcceleratorRun(int Batch, int[] Logits, IReadOnlyList<NetworkLayerRun> Layers, double ClockMhz)
{
    public long Cycles => Layers.Sum(l => l.Timing.Cycles);
    public double Seconds => Cycles / (ClockMhz * 1e6);
    public double EnergyPj => Layers.Sum(l => l.Energy.TotalPj);
    public long Macs => Layers.Sum(l => l.Macs);
}

/// <summary>
/// The int8 CNN on the simulated accelerator, a batch of images at a time. The four conv and fc layers run
/// on the PE array through the fast model (<see cref="GemmExecutor"/>: the batch's output pixels, or for fc
/// the batch's images, are the GEMM's M), requantised in the output stage per output channel (bias, then
/// the channel's multiplier, <see cref="ChannelRequantization"/>); ReLU and max pools run on the vector unit.
/// Each layer's command stream is timed on its own event engine through the <see cref="Controller"/>, device
/// memory, DMA and host link of the hardware, and layers run one after another, so the network's cycles are
/// their sum. The host link carries each layer's weights and per-channel registers up before it runs, the
/// images up before the first layer and the logits down after the last; activations between layers stay in
/// device memory (each layer's tile steps load and store them there).
/// </summary>
public sealed class AcceleratorCnn(HardwareConfig hw)
{
    private static readonly LayerFormat Int8 = new(ElementFormat.Int8, ElementFormat.Int32, ElementFormat.Int8);

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
        var layers = new List<NetworkLayerRun>();
        var x = Conv(q.Conv1, images, layers, inputFromHost: true);
        x = Pool("pool1", Relu("relu1", x, layers), layers);
        x = Conv(q.Conv2, x, layers, inputFromHost: false);
        x = Pool("pool2", Relu("relu2", x, layers), layers);
        var flat = new Tensor<short>([batch, x.Length / batch], x.Data);
        var h = Relu("relu3", FullyConnected(q.Fc1, flat, layers, outputToHost: false), layers);
        var logits = FullyConnected(q.Fc2, h, layers, outputToHost: true);
        return new AcceleratorRun(batch, logits.Data.Select(v => (int)v).ToArray(), layers, hw.PeArray.ClockMhz);
    }

    private Tensor<short> Conv(QuantizedLayer l, Tensor<short> x, List<NetworkLayerRun> layers, bool inputFromHost)
    {
        var layer = new Conv2DLayer(l.Name, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], l.OutChannels,
            l.KernelH, l.KernelW, 1, 1, Padding2D.None, 1, 1, 1);
        var w = new Tensor<short>([l.OutChannels, l.InChannels, l.KernelH, l.KernelW], l.Weights.Select(v => (short)v).ToArray());
        var operands = new ConvOperands(layer, x, w);
        OnPeArray(l, GemmShape.Of(layer), operands, layers, inputFromHost ? x.Length : 0, 0);
        return operands.Output;
    }

    private Tensor<short> FullyConnected(QuantizedLayer l, Tensor<short> a, List<NetworkLayerRun> layers, bool outputToHost)
    {
        int k = l.K, n = l.OutChannels;
        if (a.Shape[1] != k) throw new ArgumentException($"{l.Name}: input has {a.Shape[1]} features, the layer {k}");
        var layer = new GemmLayer(l.Name, a.Shape[0], k, n);
        var w = new Tensor<short>(k, n);              // W[K, N]: column n is output channel n's OIHW weights
        for (int o = 0; o < n; o++)
            for (int i = 0; i < k; i++) w.Data[i * n + o] = l.Weights[o * k + i];
        var operands = new MatrixOperands(layer, a, w);
        OnPeArray(l, GemmShape.Of(layer), operands, layers, 0, outputToHost ? (long)a.Shape[0] * n : 0);
        return operands.Output;
    }

    private void OnPeArray(QuantizedLayer l, GemmShape shape, IGemmOperands operands, List<NetworkLayerRun> layers,
        long inputUploadBytes, long downloadBytes)
    {
        var numerics = GemmNumerics.Int8(1f, 0) with { PerChannel = new ChannelRequantization(l.Multipliers(), l.Bias) };
        var run = GemmExecutor.Run(hw, shape, operands, numerics);
        // Weights (int8) and each channel's bias (int32) and multiplier (fp32) go up before the layer runs.
        long upload = inputUploadBytes + l.Weights.Length + 8L * l.OutChannels;
        var (input, weight, output) = ScratchpadActionCounter.ForGemm(TilePlan.For(shape, hw, Int8, run.Structured24), hw.Scratchpads);
        var macs = new MacCounts(run.Totals.MacsActive - run.Totals.MacsRepeated, run.Totals.MacsRepeated, run.Totals.MacsGated);
        layers.Add(Time(l.Name, "pe_array", shape.Macs, run.Steps, upload, downloadBytes, macs, input, weight, output, 0));
    }

    private Tensor<short> Relu(string name, Tensor<short> x, List<NetworkLayerRun> layers)
    {
        var y = VectorUnit.Relu(ToInt8(x));
        var (input, output) = ScratchpadActionCounter.ForVector(x.Length, x.Length, y.Length, hw.Scratchpads);
        layers.Add(Time(name, "vector", 0, Vector.ReluSteps(x.Length), 0, 0, default, input, default, output, x.Length));
        return FromInt8(y);
    }

    private Tensor<short> Pool(string name, Tensor<short> x, List<NetworkLayerRun> layers)
    {
        var p = new PoolLayer(name, PoolKind.Max, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], 2, 2, 2, 2, Padding2D.None);
        var y = VectorUnit.Pool(p, ToInt8(x));
        long reads = (long)y.Length * p.KernelH * p.KernelW;
        var (input, output) = ScratchpadActionCounter.ForVector(x.Length, reads, y.Length, hw.Scratchpads);
        layers.Add(Time(name, "vector", 0, Vector.PoolSteps(p), 0, 0, default, input, default, output, reads));
        return FromInt8(y);
    }

    private VectorUnit Vector => new(hw.VectorUnit, hw.Scratchpads.Input.CapacityBytes);

    /// <summary>Times a layer's command stream on a fresh engine and prices its actions, as <c>sim run</c> does.</summary>
    private NetworkLayerRun Time(string name, string unit, long macs, List<TileStep> steps, long upload, long download,
        MacCounts macCounts, ScratchpadAccesses input, ScratchpadAccesses weight, ScratchpadAccesses output, long vectorOps)
    {
        var engine = new EventEngine();
        var memory = DeviceMemory.Create(engine, hw.Memory);
        var dma = new DmaEngine(memory, hw.Dma);
        var link = new HostLinkModel(engine, hw.HostLink);
        var core = ClockDomain.FromMhz("core", hw.PeArray.ClockMhz);
        var timing = new Controller(engine, dma, link, core).Run(new LayerCommands(steps, upload, download) { Unit = unit });
        var dramStats = (memory as DramMemory)?.TotalStats();
        long dramBytes = memory.BytesRead + memory.BytesWritten;
        var energy = EnergyModel.Evaluate(hw.Energy, hw, new LayerActions(
            OperandFormat: ElementFormat.Int8.Name(), Macs: macCounts, Input: input, Weight: weight, Output: output,
            VectorOps: vectorOps, DramBytes: dramBytes,
            DramActivates: dramStats?.Activates ?? 0, DramRefreshes: dramStats?.Refreshes ?? 0,
            LinkWireBytes: hw.HostLink.WireBytes(link.BytesToDevice) + hw.HostLink.WireBytes(link.BytesToHost),
            Cycles: timing.Cycles));
        return new NetworkLayerRun(name, unit, macs, steps.Count, timing, dramBytes, link.BytesToDevice + link.BytesToHost, energy);
    }

    private static Tensor<sbyte> ToInt8(Tensor<short> x)
    {
        var y = new Tensor<sbyte>(x.Shape);
        for (int i = 0; i < x.Length; i++) y.Data[i] = checked((sbyte)x.Data[i]);
        return y;
    }

    private static Tensor<short> FromInt8(Tensor<sbyte> x)
    {
        var y = new Tensor<short>(x.Shape);
        for (int i = 0; i < x.Length; i++) y.Data[i] = x.Data[i];
        return y;
    }
}
