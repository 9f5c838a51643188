namespace Sim.Config;

/// <summary>How the mapper picks each PE-array layer's mapping (<c>mapper.mode</c>).</summary>
internal enum MapperMode
{
    /// <summary>Searches loop order, which operand the array holds, M_t and buffer residency with a cost model.</summary>
    Search,

    /// <summary>The dataflow's textbook mapping: weights held, loop order g>n>m>k, the largest tiles that fit; no search.</summary>
    Fixed,

    /// <summary>
    /// Sim's first mapper: the fixed loop order and tiles, each buffer split in halves, choosing only which operand
    /// the array holds. With <c>pe_array.im2col: dram</c> it reproduces the first version's results exactly.
    /// </summary>
    OrientationOnly,
}

/// <summary>What the search minimises (<c>mapper.objective</c>).</summary>
internal enum MapperObjective { Latency, Energy, Edp }

/// <summary>Where a convolution's window vectors are formed (<c>pe_array.im2col</c>).</summary>
internal enum Im2ColSource
{
    /// <summary>An address generator in the input scratchpad forms them from the raw input rows loaded from memory.</summary>
    OnChip,

    /// <summary>No address generator: the im2col matrix is pre-lowered in device memory and read tile by tile.</summary>
    Dram,
}

/// <summary>The hardware's mapper settings (<c>mapper:</c>); the search for latency unless configured.</summary>
internal sealed record MapperConfig(MapperMode Mode, MapperObjective Objective)
{
    public static readonly MapperConfig Default = new(MapperMode.Search, MapperObjective.Latency);

    public static readonly IReadOnlyList<(string Name, MapperMode Value)> Modes =
        [("search", MapperMode.Search), ("fixed", MapperMode.Fixed), ("orientation_only", MapperMode.OrientationOnly)];

    public static readonly IReadOnlyList<(string Name, MapperObjective Value)> Objectives =
        [("latency", MapperObjective.Latency), ("energy", MapperObjective.Energy), ("edp", MapperObjective.Edp)];

    public static readonly IReadOnlyList<(string Name, Im2ColSource Value)> Im2ColSources =
        [("on_chip", Im2ColSource.OnChip), ("dram", Im2ColSource.Dram)];
}
