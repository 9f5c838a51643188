namespace Sim.Config;

/// <summary>"Did you mean" suggestions: the allowed name within a small edit distance of a typo.</summary>
internal static class NearestName
{
    /// <summary>The closest of <paramref name="candidates"/> within edit distance 2 (and less than half the length), or null.</summary>
    public static string? Find(string typo, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Distance(typo.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best is not null && bestDistance <= 2 && bestDistance * 2 < Math.Max(typo.Length, best.Length) ? best : null;
    }

    /// <summary>"; did you mean 'name'?" for the nearest candidate, or nothing: the tail of an unknown-name message.</summary>
    public static string Suggestion(string typo, IEnumerable<string> candidates) =>
        Find(typo, candidates) is { } near ? $"; did you mean '{near}'?" : "";

    /// <summary>
    /// Edits (insert, delete, substitute, or swap two neighbours) from <paramref name="a"/> to <paramref name="b"/>:
    /// Levenshtein with transpositions (optimal string alignment), since "tpye" for "type" is one slip of the fingers.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
