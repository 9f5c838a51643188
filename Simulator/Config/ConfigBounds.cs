namespace Sim.Config;

/// <summary>
/// Sanity bounds on configuration values. Anything beyond them is almost certainly a typo (an extra
/// digit, KiB given as bytes) and would make the simulator allocate or loop absurdly, so the loaders
/// reject it with an error naming the bound.
/// </summary>
internal static class ConfigBounds
{
    /// <summary>PE array rows or columns: at most 4096 (16M PEs; the largest real arrays are 256 x 256).</summary>
    public const int MaxPeDimension = 4096;

    /// <summary>Core clock: at most 10 GHz.</summary>
    public const double MaxClockMhz = 10_000;

    /// <summary>
    /// The slowest clock (1 MHz: a period of 10^9 fs): simulated time is a 64-bit count of femtoseconds, so a
    /// slower clock would overflow it within a few billion cycles, and no accelerator runs that slowly.
    /// </summary>
    public const double MinClockMhz = 1;

    /// <summary>The slowest memory pipe (1 MB/s), for the same reason.</summary>
    public const double MinBandwidthGBps = 0.001;

    /// <summary>Scratchpad capacity: at most 1 TiB (2^40 bytes).</summary>
    public const long MaxScratchpadBytes = 1L << 40;

    /// <summary>Scratchpad capacity in KiB: at most 1 TiB.</summary>
    public const long MaxScratchpadKib = MaxScratchpadBytes / 1024;

    /// <summary>Scratchpad banks: at most 1024.</summary>
    public const int MaxBanks = 1024;

    /// <summary>Bytes one bank moves per cycle per port: at most 4096.</summary>
    public const int MaxBankWidthBytes = 4096;

    /// <summary>Ports per scratchpad: at most 16.</summary>
    public const int MaxPorts = 16;

    /// <summary>Memory latency: at most 1 ms (10^6 ns). Zero is allowed.</summary>
    public const double MaxLatencyNs = 1e6;

    /// <summary>Memory bandwidth: at most 100 000 GB/s (100 TB/s).</summary>
    public const double MaxBandwidthGBps = 100_000;

    /// <summary>Vector unit lanes: at most 65 536.</summary>
    public const int MaxVectorLanes = 65_536;

    /// <summary>A scenario's batch: at most 4,096 inferences run together.</summary>
    public const int MaxBatch = 4096;

    /// <summary>Cores on one chip: many-core accelerators have tens (Simba's package 36); 256 leaves room for a sweep.</summary>
    public const int MaxCores = 256;

    /// <summary>
    /// Elements of any one tensor (activation, weight, output, GEMM operand): at most 2^31 - 1, so every
    /// tensor fits a .NET array and its indices fit an int.
    /// </summary>
    public const long MaxTensorElements = int.MaxValue;

    /// <summary>
    /// MACs of one layer: at most 2^40 (about 10^12; ResNet-50's largest layer has 10^8): the fast and the golden
    /// model each compute every MAC, at about a billion a second.
    /// </summary>
    public const double MaxLayerMacs = 1L << 40;

    /// <summary>MACs of one scenario: at most 2^42.</summary>
    public const double MaxScenarioMacs = 1L << 42;

    /// <summary>Host memory one layer holds while it is simulated (<see cref="SimulationCost"/>): at most 4 GiB.</summary>
    public const double MaxLayerHostBytes = 4L << 30;

    /// <summary>One tensor dimension (N, C, H, W, M, K, N of a GEMM): at most 2^24.</summary>
    public const int MaxDimension = 1 << 24;

    /// <summary>Kernel size, stride, padding and dilation of a window: at most 2^16.</summary>
    public const int MaxWindowParameter = 1 << 16;

    /// <summary>Rank of a relu input shape: 1 to 8.</summary>
    public const int MaxRank = 8;

    /// <summary>Layers in one scenario: at most 100 000.</summary>
    public const int MaxLayers = 100_000;

    /// <summary>Size of one YAML file: at most 16 MiB.</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Nesting depth of YAML mappings and lists: at most 64 (the schema needs 4).</summary>
    public const int MaxNesting = 64;

    /// <summary>Depthwise channel multiplier: at most 2^16 (the output channel count is bounded separately).</summary>
    public const int MaxChannelMultiplier = 1 << 16;
}
