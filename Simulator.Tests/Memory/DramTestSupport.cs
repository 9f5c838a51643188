using Sim.Memory.Dram;
using Sim.Tests.Config;

namespace Sim.Tests.Memory;

/// <summary>Presets from the repository, traces built in memory, and recorders of commands and completions.</summary>
internal static class DramTestSupport
{
    public static DramConfig Preset(string name) =>
        DramConfigLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", name + ".yaml"));

    public static DramConfig WithMapping(DramConfig c, params AddressField[] order) =>
        c with { Controller = c.Controller with { AddressMapping = order } };

    public static DramConfig WithQueueDepth(DramConfig c, int depth) =>
        c with { Controller = c.Controller with { QueueDepth = depth } };

    public static DramConfig WithoutRefresh(DramConfig c) =>
        c with { Timings = c.Timings with { TREFI = int.MaxValue / 2 } };

    /// <summary>
    /// A byte address under the presets' mapping [row, bank, rank, column, bankgroup, channel] for
    /// DDR4 (one channel, 4 groups, 128 columns, 2 ranks, 4 banks): from bit 6 up, 2 bits of bank
    /// group, 7 of column, 1 of rank, 2 of bank, then the row.
    /// </summary>
    public static long Ddr4Address(int row, int bank = 0, int rank = 0, int column = 0, int group = 0) =>
        ((((((long)row * 4 + bank) * 2 + rank) * 128 + column) * 4 + group) << 6);

    public static DramTrace Trace(IEnumerable<(long Address, bool IsWrite, long Cycle)> requests)
    {
        var list = requests.ToList();
        return new DramTrace(list.Select(r => r.Address).ToArray(), list.Select(r => r.IsWrite).ToArray(),
            list.Select(r => r.Cycle).ToArray());
    }

    public static DramTrace Reads(IEnumerable<long> addresses) => Trace(addresses.Select(a => (a, false, 0L)));
}

internal sealed record CommandRecord(DramCommand Command, int Channel, int Rank, int Bank, int Row, long Cycle);

internal sealed class CommandLog : IDramCommandObserver
{
    public readonly List<CommandRecord> Commands = new();

    public void OnCommand(DramCommand command, int channel, int rank, int bank, int row, long cycle) =>
        Commands.Add(new CommandRecord(command, channel, rank, bank, row, cycle));

    public long[] CyclesOf(DramCommand command) => Commands.Where(c => c.Command == command).Select(c => c.Cycle).ToArray();
}

internal sealed class CompletionLog : IDramCompletionSink
{
    public readonly Dictionary<int, List<(bool IsWrite, long Arrival, long Done)>> ByTag = new();

    public void OnComplete(int tag, bool isWrite, long arrivalCycle, long completionCycle)
    {
        if (!ByTag.TryGetValue(tag, out var list)) ByTag[tag] = list = new();
        list.Add((isWrite, arrivalCycle, completionCycle));
    }
}
