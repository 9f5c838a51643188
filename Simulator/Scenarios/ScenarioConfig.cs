using Sim.Config;
using Sim.Onnx.Import;

namespace Sim.Scenarios;

/// <summary>How a network reaches the accelerator (<c>execution: { offload: network | layer }</c>).</summary>
internal enum Offload
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
internal sealed record ExecutionConfig(Offload Offload, bool Fuse)
{
    public static readonly ExecutionConfig Default = new(Offload.Network, true);

    /// <summary>
    /// <c>keep_on_chip</c>: offloaded as a network, a layer's output that only the next layer reads, and that fits the
    /// input scratchpad with the layer's inputs, goes to it on chip instead of through device memory (default true).
    /// </summary>
    public bool KeepOnChip { get; init; } = true;

    /// <summary>
    /// <c>max_cycles</c>: a run (each layer, offloaded alone) is stopped with an error past this many core cycles
    /// (default 2^40: about 18 minutes at 1 GHz, far beyond any network's inference).
    /// </summary>
    public long MaxCycles { get; init; } = DefaultMaxCycles;

    public const long DefaultMaxCycles = 1L << 40;

    /// <summary>
    /// <c>pipeline</c>: a batch offloaded as a network runs its inferences one by one through stages of consecutive
    /// layers, one stage a core (<see cref="Sim.Run.PipelineStages"/>), instead of every layer split across all cores
    /// (default false). Accepted and unused on one core, at batch 1 or with <c>offload: layer</c>.
    /// </summary>
    public bool Pipeline { get; init; }

    /// <summary>Whether <see cref="Pipeline"/> takes effect for <paramref name="cores"/> cores and a batch of <paramref name="batch"/>.</summary>
    public bool Pipelines(int cores, int batch) => Pipeline && Offload == Offload.Network && cores > 1 && batch > 1;
}

internal sealed record ScenarioConfig(
    string Name,
    string SourcePath,
    HardwareConfig Hardware,
    int Seed,
    DataSource Data,
    IReadOnlyList<LayerSpec> Layers)
{
    /// <summary>How the layers are offloaded and fused (<c>execution:</c>).</summary>
    public ExecutionConfig Execution { get; init; } = ExecutionConfig.Default;

    /// <summary>Inferences run together (<c>batch:</c>): the layers' batch dimension already holds them.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>The imported ONNX graph (<c>model:</c>) the scenario runs instead of layers, or null.</summary>
    public OnnxGraph? Graph { get; init; }

    /// <summary>A TensorProto file for the graph's first input (<c>input:</c>), or null for seeded data.</summary>
    public string? InputPath { get; init; }

    /// <summary>What the scenario runs, for messages: "13 layers" or "model resnet.onnx (120 nodes)".</summary>
    public string Describe => Graph is { } g
        ? $"model {Path.GetFileName(g.Path)} ({Plural.Of(g.Nodes.Count, "node")})"
        : Plural.Of(Layers.Count, "layer");

    /// <summary>Layers or nodes to run.</summary>
    public int StepCount => Graph?.Nodes.Count ?? Layers.Count;
}
