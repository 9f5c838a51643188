namespace Sim.Memory.Dram;

/// <summary>The commands a controller puts on a channel's command bus, one per cycle at most.</summary>
internal enum DramCommand { Activate, Precharge, Read, Write, Refresh }
