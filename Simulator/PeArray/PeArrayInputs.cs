namespace Sim.PeArray;

/// <summary>
/// The input ports of a <see cref="SystolicArray"/> for one clock cycle, named as an RTL port list.
/// A ref struct over caller-owned spans so that driving a cycle allocates nothing.
/// </summary>
public readonly ref struct PeArrayInputs
{
    /// <summary>weight_load_enable: shift the weight chain down by one row this cycle.</summary>
    public bool WeightLoadEnable { get; }

    /// <summary>weight_in[Cols]: the row-vector entering PE row 0; ignored unless loading.</summary>
    public ReadOnlySpan<short> WeightRow { get; }

    /// <summary>act_in[Rows]: the activation entering column 0 of each PE row.</summary>
    public ReadOnlySpan<short> Activations { get; }

    /// <summary>act_valid_in[Rows]: valid bit per activation. A valid row-0 activation starts a sum.</summary>
    public ReadOnlySpan<bool> ActivationValid { get; }

    public PeArrayInputs(
        bool weightLoadEnable,
        ReadOnlySpan<short> weightRow,
        ReadOnlySpan<short> activations,
        ReadOnlySpan<bool> activationValid)
    {
        WeightLoadEnable = weightLoadEnable;
        WeightRow = weightRow;
        Activations = activations;
        ActivationValid = activationValid;
    }
}
