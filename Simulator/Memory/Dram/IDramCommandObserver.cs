namespace Sim.Memory.Dram;

/// <summary>
/// Sees every command a channel issues, with its cycle: for command traces and for tests that check
/// the timing rules on the command stream itself. <paramref name="bank"/> is the bank's index within
/// its rank (bank group x banks per group + bank); -1 for a refresh, which takes the whole rank.
/// A precharge done by the bank itself (close-page auto-precharge) is reported at the cycle it happens.
/// </summary>
internal interface IDramCommandObserver
{
    void OnCommand(DramCommand command, int channel, int rank, int bank, int row, long cycle);
}
