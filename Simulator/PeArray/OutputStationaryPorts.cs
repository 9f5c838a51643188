namespace Sim.PeArray;

/// <summary>
/// The input ports of an output-stationary array for one clock cycle, named as an RTL port list. A ref struct
/// over caller-owned spans so that driving a cycle allocates nothing.
/// </summary>
internal readonly ref struct OutputStationaryInputs(
    ReadOnlySpan<short> activations,
    ReadOnlySpan<bool> activationValid,
    ReadOnlySpan<short> weights,
    ReadOnlySpan<bool> weightValid,
    bool drain)
{
    /// <summary>act_in[Rows]: the activation entering column 0 of each PE row, moving right one PE a cycle.</summary>
    public ReadOnlySpan<short> Activations { get; } = activations;

    /// <summary>act_valid_in[Rows]: the valid bit travelling with each activation.</summary>
    public ReadOnlySpan<bool> ActivationValid { get; } = activationValid;

    /// <summary>weight_in[Cols]: the weight entering row 0 of each PE column, moving down one PE a cycle.</summary>
    public ReadOnlySpan<short> Weights { get; } = weights;

    /// <summary>weight_valid_in[Cols]: the valid bit travelling with each weight.</summary>
    public ReadOnlySpan<bool> WeightValid { get; } = weightValid;

    /// <summary>
    /// drain: shift every column's accumulators down one PE (row 0 takes zero), the bottom row's onto psum_out.
    /// No MAC happens on a drain edge.
    /// </summary>
    public bool Drain { get; } = drain;

    public void CheckWidths(int rows, int cols)
    {
        if (Activations.Length != rows || ActivationValid.Length != rows)
            throw new ArgumentException($"activation ports have {Activations.Length} values and {ActivationValid.Length} valid bits, the array has {rows} rows");
        if (Weights.Length != cols || WeightValid.Length != cols)
            throw new ArgumentException($"weight ports have {Weights.Length} values and {WeightValid.Length} valid bits, the array has {cols} columns");
    }
}

/// <summary>
/// An output-stationary PE array as its ports see it (<see cref="OutputStationaryInputs"/> in, registered sums
/// out). The register-level <see cref="OutputStationaryArray"/>, the Verilated RTL and the two in lockstep
/// implement it, so one <see cref="OutputStationaryDriver"/> runs a tile on any of them.
/// </summary>
internal interface IOutputStationaryArray : IArrayOutputs
{
    /// <summary>One clock edge with these input ports; psum_out carries a sum only on drain edges.</summary>
    void Step(in OutputStationaryInputs inputs);
}
