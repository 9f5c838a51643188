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
}
