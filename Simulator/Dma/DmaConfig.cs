namespace Sim.Dma;

/// <summary>The DMA engine's burst size in bytes and how many bursts it may have in flight.</summary>
internal sealed record DmaConfig(int BurstBytes, int MaxOutstanding)
{
    /// <summary>64-byte bursts (one DDR4 burst of a 64-bit channel), 32 in flight.</summary>
    public static DmaConfig Default { get; } = new(64, 32);
}
