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
