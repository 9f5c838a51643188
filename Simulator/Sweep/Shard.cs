using System.Globalization;
using Sim.Config;

namespace Sim.Sweep;

/// <summary>
/// A deterministic share of a sweep: <c>K/N</c>, K from 1 to N. The points are first made distinct
/// by key (the first of several spellings of one configuration keeps its place); shard K takes those
/// whose position in that list is K-1 modulo N. Every process computes the same list, so N shards
/// cover every point exactly once.
/// </summary>
internal sealed record Shard(int K, int N)
{
    public static readonly Shard All = new(1, 1);

    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new InputError($"--shard {text}: expected K/N with 1 <= K <= N, e.g. 2/8");
    }

    /// <summary>Distinct points by key, in sweep order.</summary>
    public static List<ResolvedPoint> Distinct(IEnumerable<ResolvedPoint> points)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return points.Where(p => seen.Add(p.Key)).ToList();
    }

    /// <summary>This shard's points among the distinct ones.</summary>
    public List<ResolvedPoint> Select(IEnumerable<ResolvedPoint> points) =>
        Distinct(points).Where((_, i) => i % N == K - 1).ToList();

    public override string ToString() => $"{K}/{N}";
}
