namespace Sim.Memory.Dram;

/// <summary>
/// All-bank refresh, one per rank every tREFI. Ranks are staggered by tREFI / ranks so that a
/// channel never loses all its ranks at once; <see cref="RefreshStagger"/> sets the phase. Once a rank's refresh is due the rank is blocked:
/// the scheduler gives it no new command, its open banks are precharged as soon as tRAS, tRTP and
/// tWR allow, then REF issues and the rank takes no activate for tRFC (<see cref="Rank.Refresh"/>).
/// </summary>
internal sealed class RefreshManager
{
    private readonly long[] _due;
    private readonly int _interval;
    private long _earliestDue; // the least of _due: before it no rank has refresh work

    public RefreshManager(int ranks, DramTimings timings, RefreshStagger stagger)
    {
        _interval = timings.TREFI;
        _due = new long[ranks];
        for (int r = 0; r < ranks; r++)
            _due[r] = stagger == RefreshStagger.WithinInterval
                ? (r + 1L) * (timings.TREFI / ranks)
                : timings.TREFI + (long)r * timings.TREFI / ranks;
        _earliestDue = Least(_due);
    }

    /// <summary>The first cycle at which some rank's refresh is due: before it no rank is held.</summary>
    public long EarliestDue => _earliestDue;

    /// <summary>True when <paramref name="rank"/>'s refresh is due and not yet issued: it takes no requests.</summary>
    public bool IsBlocking(int rank, long cycle) => cycle >= _due[rank];

    /// <summary>
    /// The refresh work of the channel at <paramref name="cycle"/>: when a command (a precharge of an
    /// open bank, or the REF) can issue now, returns true with the command, rank and bank; otherwise
    /// returns false and lowers <paramref name="wake"/> to the cycle when something will be due or ready.
    /// </summary>
    public bool Next(long cycle, Rank[] ranks, out DramCommand command, out int rank, out int bank, ref long wake)
    {
        // Most decisions fall between refreshes: one compare answers for every rank.
        if (cycle < _earliestDue)
        {
            wake = Math.Min(wake, _earliestDue);
            command = default;
            rank = bank = -1;
            return false;
        }
        for (int r = 0; r < ranks.Length; r++)
        {
            if (cycle < _due[r])
            {
                wake = Math.Min(wake, _due[r]);
                continue;
            }
            var target = ranks[r];
            long ready;
            int open = -1;
            if (target.OpenBanks > 0)
            {
                ready = long.MaxValue;
                var banks = target.Banks;
                for (int b = 0; b < banks.Length; b++)
                    if (banks[b].OpenRow != Bank.Closed && banks[b].NextPrecharge < ready)
                    {
                        ready = banks[b].NextPrecharge;
                        open = b;
                    }
            }
            else ready = target.EarliestRefresh();

            if (ready <= cycle)
            {
                command = open >= 0 ? DramCommand.Precharge : DramCommand.Refresh;
                rank = r;
                bank = open;
                return true;
            }
            wake = Math.Min(wake, ready);
        }
        command = default;
        rank = bank = -1;
        return false;
    }

    public void Refreshed(int rank)
    {
        _due[rank] += _interval;
        _earliestDue = Least(_due);
    }

    private static long Least(long[] values)
    {
        long least = long.MaxValue;
        foreach (long v in values) least = Math.Min(least, v);
        return least;
    }
}
