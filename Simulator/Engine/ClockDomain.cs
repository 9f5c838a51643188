namespace Sim.Engine;

/// <summary>
/// A clock: its edges fall at whole multiples of its period. Simulated time is an integer count
/// of femtoseconds, so that clocks such as DDR4-2400's 1200 MHz (833,333 fs) keep their period to
/// within a millionth without floating-point time, and 2^63 fs still spans over two hours.
/// </summary>
internal sealed class ClockDomain
{
    public const long FemtosecondsPerSecond = 1_000_000_000_000_000;

    public string Name { get; }
    public long PeriodFs { get; }

    public ClockDomain(string name, long periodFs)
    {
        if (periodFs <= 0) throw new ArgumentOutOfRangeException(nameof(periodFs), "a clock period must be positive");
        Name = name;
        PeriodFs = periodFs;
    }

    public static ClockDomain FromMhz(string name, double mhz) =>
        new(name, (long)Math.Round(FemtosecondsPerSecond / (mhz * 1e6)));

    public double FrequencyMhz => FemtosecondsPerSecond / (double)PeriodFs / 1e6;

    /// <summary>The time of edge number <paramref name="cycle"/>.</summary>
    public long TimeOf(long cycle) => cycle * PeriodFs;

    /// <summary>The number of the last edge at or before <paramref name="time"/>.</summary>
    public long CycleAt(long time) => time / PeriodFs;

    /// <summary>
    /// The first edge at or after <paramref name="time"/>: where a signal from another clock domain
    /// is first seen by a component of this one.
    /// </summary>
    public long EdgeAtOrAfter(long time)
    {
        long cycle = (time + PeriodFs - 1) / PeriodFs;
        return cycle * PeriodFs;
    }

    /// <summary>Whole cycles of this clock spanned by a duration, rounded up.</summary>
    public long CyclesSpanning(long durationFs) => (durationFs + PeriodFs - 1) / PeriodFs;

    public override string ToString() => $"{Name} ({FrequencyMhz:0.###} MHz)";
}
