using Sim.Config;

namespace Sim.Sweep;

/// <summary>A sweep point before resolution: its place in the sweep and the value chosen on each axis (an index into the axis's values).</summary>
internal sealed record SweepPoint(int Index, IReadOnlyList<int> Choices);

/// <summary>
/// The points of a sweep. Grid: every combination, the first axis outermost (the last axis
/// changes fastest). Zip: the i-th value of every axis together (all axes the same length).
/// Random: <c>samples</c> distinct combinations of the grid drawn with a seeded generator
/// (SplitMix64 and Floyd's algorithm, so the draw is the same on every machine and .NET version),
/// listed in grid order.
/// </summary>
internal static class PointGenerator
{
    public static IReadOnlyList<SweepPoint> Generate(SweepSpec spec)
    {
        var counts = spec.Axes.Select(a => a.Values.Count).ToArray();
        switch (spec.Combine)
        {
            case CombineMode.Zip:
                var first = spec.Axes[0];
                foreach (var a in spec.Axes.Skip(1))
                    if (a.Values.Count != first.Values.Count)
                        throw ValueReader.ErrorAt(spec.SourcePath, a.KeyNode,
                            $"axes: with 'combine: zip' every axis needs as many values as the first ('{first.Name}' has {first.Values.Count}), '{a.Name}' has {a.Values.Count}");
                return Enumerable.Range(0, first.Values.Count)
                    .Select(i => new SweepPoint(i, counts.Select(_ => i).ToArray())).ToList();

            case CombineMode.Random:
                long size = GridSize(spec, counts);
                if (spec.Samples > size)
                    throw new InputError(spec.SourcePath, 1, 1,
                        $"samples: {Plural.Of(spec.Samples, "distinct point")} asked for, but the axes have only {Plural.Of(size, "combination")}");
                var chosen = Floyd(size, spec.Samples, spec.SampleSeed);
                chosen.Sort();
                return chosen.Select((g, i) => new SweepPoint(i, Decode(g, counts))).ToList();

            default:
                long n = GridSize(spec, counts);
                if (n > 1_000_000)
                    throw new InputError(spec.SourcePath, 1, 1, $"axes: the grid has {n} points, more than 1,000,000 (use 'combine: random' with samples)");
                return Enumerable.Range(0, (int)n).Select(i => new SweepPoint(i, Decode(i, counts))).ToList();
        }
    }

    private static long GridSize(SweepSpec spec, int[] counts)
    {
        long size = 1;
        foreach (int c in counts)
        {
            if (size > long.MaxValue / c)
                throw new InputError(spec.SourcePath, 1, 1, "axes: too many combinations to count");
            size *= c;
        }
        return size;
    }

    /// <summary>Grid index to one value index per axis, the last axis fastest.</summary>
    private static int[] Decode(long index, int[] counts)
    {
        var choice = new int[counts.Length];
        for (int a = counts.Length - 1; a >= 0; a--)
        {
            choice[a] = (int)(index % counts[a]);
            index /= counts[a];
        }
        return choice;
    }

    /// <summary><paramref name="k"/> distinct integers from [0, <paramref name="n"/>): Floyd's algorithm.</summary>
    private static List<long> Floyd(long n, int k, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var set = new HashSet<long>();
        for (long j = n - k; j < n; j++)
        {
            long t = (long)rng.Below((ulong)j + 1);
            set.Add(set.Contains(t) ? j : t);
        }
        return set.ToList();
    }

    /// <summary>Sebastiano Vigna's SplitMix64: small, fast and fixed, so a seed means the same draw everywhere.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, bound), without modulo bias (rejection).</summary>
        public ulong Below(ulong bound)
        {
            ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
            ulong x;
            do x = Next(); while (x >= limit);
            return x % bound;
        }
    }
}
