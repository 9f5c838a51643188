namespace Sim.Accelerator;

/// <summary>
/// A layer's part of a program: the bytes that go up the host link before its loads may start (its inputs,
/// or its inputs and weights when each layer is offloaded alone), its tile steps, and the bytes that come
/// down the link once its last store has landed.
/// </summary>
internal sealed record LayerCommands(IReadOnlyList<TileStep> Steps, long UploadBytes, long DownloadBytes)
{
    /// <summary>
    /// Earlier layers of the program (by position) whose every store must have landed before this layer
    /// loads its activations: the layers that wrote what it reads. Its weights need not wait.
    /// </summary>
    public IReadOnlyList<int> WaitsFor { get; init; } = [];

    /// <summary>The unit its steps run on ("pe_array" or "vector"): the timeline track they are drawn on.</summary>
    public string Unit { get; init; } = "pe_array";

    /// <summary>
    /// On a multi-core chip: how many of the steps, in order, each core runs (<see cref="LayerWork.CoreStepCounts"/>);
    /// null: all on core 0.
    /// </summary>
    public IReadOnlyList<int>? CoreStepCounts { get; init; }

    /// <summary>Core <paramref name="core"/>'s part: its run of the steps; the host link's transfers are core 0's.</summary>
    public LayerCommands Slice(int core)
    {
        var counts = CoreStepCounts;
        int first = counts is null ? 0 : counts.Take(core).Sum();
        int count = counts is null ? (core == 0 ? Steps.Count : 0) : counts[core];
        return new LayerCommands(Steps.Skip(first).Take(count).ToArray(), core == 0 ? UploadBytes : 0, core == 0 ? DownloadBytes : 0)
        {
            WaitsFor = WaitsFor,
            Unit = Unit,
        };
    }
}
