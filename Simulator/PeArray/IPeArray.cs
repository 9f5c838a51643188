namespace Sim.PeArray;

/// <summary>
/// A PE array as its ports see it: reset, one clock edge with <see cref="PeArrayInputs"/>, the
/// registered outputs. The register-level <see cref="SystolicArray"/>, the Verilated RTL and the
/// two in lockstep all implement it, so one <see cref="TileDriver"/> runs a tile on any of them.
/// </summary>
internal interface IPeArray : IArrayOutputs
{
    /// <summary>One clock edge with these input ports.</summary>
    void Step(in PeArrayInputs inputs);
}

/// <summary>
/// What every PE array shows at its ports whatever its dataflow: its size, its clock, its registered sums and
/// their valid bits, its MAC counters, reset and the static mode inputs.
/// </summary>
internal interface IArrayOutputs
{
    int Rows { get; }
    int Cols { get; }

    /// <summary>Clock edges since the last <see cref="Reset"/>.</summary>
    long Cycle { get; }

    /// <summary>psum_out[Cols], as registered at the last edge.</summary>
    ReadOnlySpan<int> PartialSumOut { get; }

    /// <summary>psum_valid_out[Cols], the valid bits travelling with <see cref="PartialSumOut"/>.</summary>
    ReadOnlySpan<bool> PartialSumOutValid { get; }

    /// <summary>
    /// mac_active_out[Cols], mac_gated_out[Cols], mac_repeated_out[Cols]: per column, the MACs counted since
    /// the last reset as <see cref="SystolicArray"/> defines them (not architectural: for the energy model).
    /// The RTL's counters are 32-bit registers, so they are exact up to 2^32 - 1 MACs per column and reset.
    /// </summary>
    ReadOnlySpan<long> MacsActive { get; }
    ReadOnlySpan<long> MacsGated { get; }
    ReadOnlySpan<long> MacsRepeated { get; }

    /// <summary>Synchronous reset: every register and valid bit to zero; <see cref="Cycle"/> restarts at 0.</summary>
    void Reset();

    /// <summary>
    /// The static mode inputs: the operand and accumulator formats and the sparsity features. An
    /// array that does not implement a mode refuses it here, before any cycle runs.
    /// </summary>
    void Configure(in PeDatapath datapath, in PeArrayFeatures features);
}
