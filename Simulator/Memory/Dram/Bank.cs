namespace Sim.Memory.Dram;

/// <summary>
/// One bank's state: its open row (-1 when precharged) and the earliest cycle each command may next
/// be issued to it, as far as the bank's own constraints go (tRC, tRAS, tRCD, tRP, tRTP, tWR).
/// </summary>
internal struct Bank
{
    public const int Closed = -1;

    public int OpenRow;
    public long NextActivate;
    public long NextPrecharge;
    public long NextRead;
    public long NextWrite;
}
