namespace Sim.Memory.Dram;

/// <summary>Where one burst lives: channel, rank, bank group, bank within the group, row and column.</summary>
internal readonly record struct DramAddress(int Channel, int Rank, int BankGroup, int Bank, int Row, int Column);
