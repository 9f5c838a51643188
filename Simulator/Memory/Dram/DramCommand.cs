namespace Sim.Memory.Dram;

/// <summary>The commands a controller puts on a channel's command bus, one per cycle at most.</summary>
public enum DramCommand { Activate, Precharge, Read, Write, Refresh }
