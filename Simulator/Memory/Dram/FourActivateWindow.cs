namespace Sim.Memory.Dram;

/// <summary>
/// tFAW: at most four activates to a rank in any window of tFAW cycles. Remembers the last four
/// activates in a ring; a fifth may go once the oldest of them is tFAW behind.
/// </summary>
internal struct FourActivateWindow
{
    private long _a0, _a1, _a2, _a3;
    private int _oldest;
    private bool _primed;

    /// <summary>The earliest cycle the next activate may issue, as far as tFAW goes.</summary>
    public readonly long EarliestNext(int tFaw)
    {
        if (!_primed) return 0;
        long oldest = _oldest switch { 0 => _a0, 1 => _a1, 2 => _a2, _ => _a3 };
        return oldest == long.MinValue ? 0 : oldest + tFaw;
    }

    public void Record(long cycle)
    {
        if (!_primed)
        {
            _a0 = _a1 = _a2 = _a3 = long.MinValue;
            _primed = true;
        }
        switch (_oldest)
        {
            case 0: _a0 = cycle; break;
            case 1: _a1 = cycle; break;
            case 2: _a2 = cycle; break;
            default: _a3 = cycle; break;
        }
        _oldest = (_oldest + 1) & 3;
    }
}
