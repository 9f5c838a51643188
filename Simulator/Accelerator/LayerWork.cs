using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sim.Accelerator;
using Sim.Energy;
using Sim.Tensors;

namespace Sim.Accelerator;

/// <summary>The outcome of comparing a layer's output with the golden model's.</summary>
internal sealed record LayerCheck(string? Mismatch, double MaxAbsError, double MaxUlpError);

/// <summary>The scratchpad accesses of a layer, per buffer, for the energy model.</summary>
internal readonly record struct BufferAccesses(ScratchpadAccesses Input, ScratchpadAccesses Weight, ScratchpadAccesses Output);

/// <summary>
/// A layer's tile steps, the bytes of its inputs and weights and of its outputs (what crosses the host link
/// when the layer is offloaded on its own, and each tensor once: its algorithmic minimum), the check of its fast-model
/// output against the golden model's (still computing on another core until asked), the SHA-256 of
/// its output tensor's bytes (what regression baselines pin), and the actions the energy model
/// needs that the command stream does not show.
/// </summary>
internal sealed record LayerWork(
    Func<LayerCheck> Check, List<TileStep> Steps, long UploadBytes, long DownloadBytes, long Macs, string Unit, string Format,
    string OperandFormat, BufferAccesses Accesses, long VectorOps, GemmRun? Gemm = null, string OutputSha256 = "")
{
    /// <summary>The layer's output as the accelerator computed it (raw bits of its output format), for the layers that read it.</summary>
    public Tensor<short>? Output { get; init; }

    /// <summary>Elements the special-function unit looked up (each a table read, an interpolation and a range reduction).</summary>
    public long SfuLookups { get; init; }

    /// <summary>
    /// On a multi-core chip: how many of <see cref="Steps"/>, in order, each core runs (a PE-array layer's
    /// <see cref="Sim.Mapping.CoreSplit"/>, a vector layer's <see cref="ElementSplit"/>); null on one core.
    /// </summary>
    public IReadOnlyList<int>? CoreStepCounts { get; init; }

    /// <summary>SHA-256 of the output after each element-wise layer fused into this one's output stage, in order.</summary>
    public IReadOnlyList<string> FusedSha256 { get; init; } = [];

    /// <summary>Lower-case hex SHA-256 of a tensor's elements as stored (little-endian raw bits).</summary>
    public static string Sha256<T>(Tensor<T> output) where T : unmanaged =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(output.Data.AsSpan())));
}
