namespace Sim.PeArray;

/// <summary>
/// The input ports of a <see cref="SystolicArray"/> for one clock cycle, named as an RTL port list.
/// A ref struct over caller-owned spans so that driving a cycle allocates nothing.
/// </summary>
internal readonly ref struct PeArrayInputs
{
    /// <summary>weight_load_enable: shift the weight chain down by one row this cycle.</summary>
    public bool WeightLoadEnable { get; }

    /// <summary>
    /// weight_load_bank: with two weight buffers per PE, the bank whose chain shifts (false: bank 0, the only
    /// one of a single-buffered array).
    /// </summary>
    public bool WeightLoadBank { get; init; }

    /// <summary>
    /// act_bank_in[Rows]: with two weight buffers, the bank each row's activation multiplies; it travels right
    /// with the activation, so a tile's vectors meet its weights while the next tile's shift into the other
    /// bank. Empty: bank 0 everywhere.
    /// </summary>
    public ReadOnlySpan<bool> ActivationBank { get; init; }

    /// <summary>weight_in[Cols]: the row-vector entering PE row 0; ignored unless loading.</summary>
    public ReadOnlySpan<short> WeightRow { get; }

    /// <summary>act_in[Rows]: the activation entering column 0 of each PE row.</summary>
    public ReadOnlySpan<short> Activations { get; }

    /// <summary>act_valid_in[Rows]: valid bit per activation. A valid row-0 activation starts a sum.</summary>
    public ReadOnlySpan<bool> ActivationValid { get; }

    /// <summary>
    /// weight_index_in[Cols]: the 2-bit index entering PE row 0 with each weight, in 2:4 mode (K row
    /// 4g + index of the PE's group g); shifts down with the weights. Empty outside 2:4 mode.
    /// </summary>
    public ReadOnlySpan<byte> WeightIndexRow { get; }

    /// <summary>
    /// act_group_in[Rows][4]: in 2:4 mode, the four activations of PE row r's K group g = r / 2 (K rows
    /// 4g..4g+3 of the vector), entering column 0 of row r and shifting right as one 64-bit bus; each PE's
    /// index mux selects one. Empty outside 2:4 mode (then <see cref="Activations"/> feeds the MACs).
    /// </summary>
    public ReadOnlySpan<short> ActivationGroups { get; }

    /// <summary>
    /// act_window_in[Rows][Cols] and act_window_valid_in[Rows][Cols]: in depthwise mode, the window bus of each
    /// column, one lane per PE row (row-major, lane r of column c at r x Cols + c): PE(r, c) takes its activation
    /// here instead of from its left neighbour. Empty outside depthwise mode.
    /// </summary>
    public ReadOnlySpan<short> WindowActivations { get; init; }
    public ReadOnlySpan<bool> WindowValid { get; init; }

    public PeArrayInputs(
        bool weightLoadEnable,
        ReadOnlySpan<short> weightRow,
        ReadOnlySpan<short> activations,
        ReadOnlySpan<bool> activationValid)
        : this(weightLoadEnable, weightRow, default, activations, activationValid, default)
    {
    }

    public PeArrayInputs(
        bool weightLoadEnable,
        ReadOnlySpan<short> weightRow,
        ReadOnlySpan<byte> weightIndexRow,
        ReadOnlySpan<short> activations,
        ReadOnlySpan<bool> activationValid,
        ReadOnlySpan<short> activationGroups)
    {
        WeightLoadEnable = weightLoadEnable;
        WeightRow = weightRow;
        WeightIndexRow = weightIndexRow;
        Activations = activations;
        ActivationValid = activationValid;
        ActivationGroups = activationGroups;
    }

    /// <summary>Refuses ports whose widths do not match a rows x cols array: one check for every array behind the ports.</summary>
    public void CheckWidths(int rows, int cols)
    {
        if (WeightRow.Length != cols)
            throw new ArgumentException($"weight row has {WeightRow.Length} values, the array has {cols} columns");
        if (Activations.Length != rows || ActivationValid.Length != rows)
            throw new ArgumentException(
                $"activation ports have {Activations.Length} values and {ActivationValid.Length} valid bits, the array has {rows} rows");
    }
}
