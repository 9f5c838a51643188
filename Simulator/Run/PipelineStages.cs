namespace Sim.Run;

/// <summary>
/// A network's layers cut into consecutive stages for layer pipelining, stage s on core s: S = min(cores, layers)
/// stages, none empty, cut where the largest stage's cost is least (an exact dynamic programme over the contiguous
/// cuts; on a tie the earliest cuts). A layer's cost is the caller's single-core estimate.
/// </summary>
/// <param name="StageOf">Each layer's stage (also its core).</param>
/// <param name="Costs">Each stage's cost: the sum of its layers'.</param>
internal sealed record PipelineStages(IReadOnlyList<int> StageOf, IReadOnlyList<long> Costs)
{
    public int Count => Costs.Count;

    public static PipelineStages Balance(IReadOnlyList<long> layerCosts, int cores)
    {
        int n = layerCosts.Count, stages = Math.Min(cores, n);
        var prefix = new long[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + layerCosts[i];
        // largest[s, i]: the least largest stage cost of the first i layers in s + 1 stages; cut[s, i]: where its last stage starts.
        var largest = new long[stages, n + 1];
        var cut = new int[stages, n + 1];
        for (int i = 1; i <= n; i++) largest[0, i] = prefix[i];
        for (int s = 1; s < stages; s++)
            for (int i = s + 1; i <= n; i++)
            {
                largest[s, i] = long.MaxValue;
                for (int j = s; j < i; j++)
                {
                    long worst = Math.Max(largest[s - 1, j], prefix[i] - prefix[j]);
                    if (worst < largest[s, i]) (largest[s, i], cut[s, i]) = (worst, j);
                }
            }
        var stageOf = new int[n];
        var costs = new long[stages];
        for (int s = stages - 1, end = n; s >= 0; s--)
        {
            int start = s == 0 ? 0 : cut[s, end];
            for (int i = start; i < end; i++) stageOf[i] = s;
            costs[s] = prefix[end] - prefix[start];
            end = start;
        }
        return new PipelineStages(stageOf, costs);
    }

    /// <summary>"conv1..pool1 | res2_1x1..res3_3x3 | ...": each stage's first and last layer.</summary>
    public string Describe(IReadOnlyList<string> layerNames)
    {
        var stageOf = StageOf.ToArray();
        var parts = new List<string>(Count);
        for (int s = 0; s < Count; s++)
        {
            int first = Array.IndexOf(stageOf, s), last = Array.LastIndexOf(stageOf, s);
            parts.Add(first == last ? layerNames[first] : $"{layerNames[first]}..{layerNames[last]}");
        }
        return string.Join(" | ", parts);
    }
}
