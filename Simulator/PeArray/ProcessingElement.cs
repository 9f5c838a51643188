namespace Sim.PeArray;

/// <summary>
/// The registers of one weight-stationary processing element, as they stand between two clock
/// edges. Immutable so a cycle of the array can be computed as "all next states from all current
/// states" (a clean two-phase update), and comparable so a cosimulation can diff PE state with RTL.
/// </summary>
/// <param name="Weight">The stationary weight W.</param>
/// <param name="Activation">A: the activation latched this cycle, handed to the right neighbour next cycle.</param>
/// <param name="ActivationValid">Valid bit travelling with A.</param>
/// <param name="PartialSum">P: the partial sum latched this cycle, handed to the PE below next cycle.</param>
/// <param name="PartialSumValid">Valid bit travelling with P.</param>
internal readonly record struct ProcessingElement(
    short Weight,
    short Activation,
    bool ActivationValid,
    int PartialSum,
    bool PartialSumValid)
{
    /// <summary>
    /// The register values after one clock edge, given what arrives on this PE's input wires.
    /// The MAC uses the weight held before the edge, so a weight shifting in during load never
    /// meets an activation in the same cycle. An invalid activation is gated to a zero product,
    /// so bubbles cannot corrupt a sum even if the driver leaves stale values on the wire.
    /// </summary>
    public ProcessingElement Clock(
        bool weightLoadEnable,
        short weightIn,
        short activationIn,
        bool activationValidIn,
        int partialSumIn,
        bool partialSumValidIn) =>
        Clock(PeDatapath.Int8, weightLoadEnable, weightIn, activationIn, activationValidIn, partialSumIn, partialSumValidIn);

    /// <summary>
    /// As the other overload, with the MAC of <paramref name="datapath"/>: P = psum_in + A x W in its
    /// formats (raw bits). An invalid activation passes psum_in through unchanged (the adder's operand is
    /// gated to +0, which leaves any sum of these datapaths as it is).
    /// </summary>
    public ProcessingElement Clock(
        in PeDatapath datapath,
        bool weightLoadEnable,
        short weightIn,
        short activationIn,
        bool activationValidIn,
        int partialSumIn,
        bool partialSumValidIn)
    {
        int sum = activationValidIn ? datapath.Mac(partialSumIn, activationIn, Weight) : partialSumIn;
        return new ProcessingElement(
            weightLoadEnable ? weightIn : Weight,
            activationIn,
            activationValidIn,
            sum,
            partialSumValidIn);
    }
}
