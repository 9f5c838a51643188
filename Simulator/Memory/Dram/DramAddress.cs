namespace Sim.Memory.Dram;

/// <summary>Where one burst lives: channel, rank, bank group, bank within the group, row and column.</summary>
public readonly record struct DramAddress(int Channel, int Rank, int BankGroup, int Bank, int Row, int Column);
