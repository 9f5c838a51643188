namespace Sim.Accelerator;

/// <summary>
/// A layer's whole command stream: its inputs and weights go up the host link into device memory,
/// the tile steps run, and its outputs come back down the link.
/// </summary>
public sealed record LayerCommands(IReadOnlyList<TileStep> Steps, long UploadBytes, long DownloadBytes);
