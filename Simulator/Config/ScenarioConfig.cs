namespace Sim.Config;

/// <summary>Padding of a 2-D window, possibly asymmetric.</summary>
public sealed record Padding2D(int Top, int Left, int Bottom, int Right)
{
    public static readonly Padding2D None = new(0, 0, 0, 0);
}

/// <summary>A layer of the workload. Shapes are NCHW; every size is validated positive on load.</summary>
public abstract record LayerSpec(string Name)
{
    /// <summary>The layer's <c>format:</c> override (PE-array layers only), or null for the hardware's formats.</summary>
    public LayerFormatOverride? Format { get; init; }

    /// <summary>The layer's own densities and pruning (PE-array layers only), or null for the scenario's data.</summary>
    public LayerData? Data { get; init; }

    /// <summary>
    /// The earlier layers whose outputs this layer reads (<c>inputs:</c>), or null: then it reads the previous
    /// layer's output when that has as many elements as its input (a listing in order), else a tensor of its own.
    /// </summary>
    public IReadOnlyList<string>? Inputs { get; init; }

    /// <summary>The layer's <c>fuse:</c> (may it run in the output stage of the layer before it), or null for the scenario's.</summary>
    public bool? Fuse { get; init; }

    /// <summary>The formats this layer runs in on <paramref name="hw"/>.</summary>
    public LayerFormat FormatOn(HardwareConfig hw) => Format?.Resolve(hw) ?? hw.DefaultFormat;
}

/// <summary>
/// Convolution, including grouped and depthwise (groups = in channels). Weights are
/// [OutChannels, InChannels / Groups, KernelH, KernelW].
/// </summary>
public sealed record Conv2DLayer(
    string Name, int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelH, int KernelW, int StrideH, int StrideW,
    Padding2D Padding, int DilationH, int DilationW, int Groups) : LayerSpec(Name)
{
    public int OutHeight => (InHeight + Padding.Top + Padding.Bottom - DilationH * (KernelH - 1) - 1) / StrideH + 1;
    public int OutWidth => (InWidth + Padding.Left + Padding.Right - DilationW * (KernelW - 1) - 1) / StrideW + 1;
}

/// <summary>Y[M,N] = A[M,K] x B[K,N]: fully-connected layers and matrix products.</summary>
public sealed record GemmLayer(string Name, int M, int K, int N) : LayerSpec(Name);

public sealed record ReluLayer(string Name, int[] Shape) : LayerSpec(Name);

/// <summary>
/// The element-wise sum of two int8 tensors of one shape (a residual connection), saturated to int8: both
/// operands share one scale and zero point 0, as a quantised network arranges for its skip connections.
/// </summary>
public sealed record AddLayer(string Name, int[] Shape) : LayerSpec(Name);

public enum PoolKind { Max, Average }

public sealed record PoolLayer(
    string Name, PoolKind Kind, int Batch, int Channels, int InHeight, int InWidth,
    int KernelH, int KernelW, int StrideH, int StrideW, Padding2D Padding) : LayerSpec(Name)
{
    public int OutHeight => (InHeight + Padding.Top + Padding.Bottom - KernelH) / StrideH + 1;
    public int OutWidth => (InWidth + Padding.Left + Padding.Right - KernelW) / StrideW + 1;
}

/// <summary>
/// Where a layer's operands come from: seeded random integers, with a chosen fraction of exact zeros
/// (activations after a ReLU are mostly zero; weights rarely are).
/// </summary>
public sealed record DataSource(double ActivationZeroFraction, double WeightZeroFraction);

/// <summary>How a network reaches the accelerator (<c>execution: { offload: network | layer }</c>).</summary>
public enum Offload
{
    /// <summary>
    /// One program on one machine: weights are written to device memory before the timed inference, the
    /// network's inputs go up the host link once and its outputs come down once; every other tensor stays in
    /// device memory, and layers follow each other on one timeline.
    /// </summary>
    Network,

    /// <summary>Each layer alone on a fresh machine: its inputs and weights up the link, its outputs down (Sim's first model).</summary>
    Layer,
}

/// <summary>A scenario's <c>execution:</c> key: how layers are offloaded, and whether element-wise layers fuse into the output stage.</summary>
public sealed record ExecutionConfig(Offload Offload, bool Fuse)
{
    public static readonly ExecutionConfig Default = new(Offload.Network, true);
}

public sealed record ScenarioConfig(
    string Name,
    string SourcePath,
    HardwareConfig Hardware,
    int Seed,
    DataSource Data,
    IReadOnlyList<LayerSpec> Layers)
{
    /// <summary>How the layers are offloaded and fused (<c>execution:</c>).</summary>
    public ExecutionConfig Execution { get; init; } = ExecutionConfig.Default;

    /// <summary>The imported ONNX graph (<c>model:</c>) the scenario runs instead of layers, or null.</summary>
    public Sim.Graph.OnnxGraph? Graph { get; init; }

    /// <summary>A TensorProto file for the graph's first input (<c>input:</c>), or null for seeded data.</summary>
    public string? InputPath { get; init; }

    /// <summary>What the scenario runs, for messages: "13 layers" or "model resnet.onnx (120 nodes)".</summary>
    public string Describe => Graph is { } g
        ? $"model {Path.GetFileName(g.Path)} ({g.Nodes.Count} node{(g.Nodes.Count == 1 ? "" : "s")})"
        : $"{Layers.Count} layer{(Layers.Count == 1 ? "" : "s")}";

    /// <summary>Layers or nodes to run.</summary>
    public int StepCount => Graph?.Nodes.Count ?? Layers.Count;
}
