using Sim.Config;
using Sim.Sweep;
using Sim.Tests.Config;
using static Sim.Tests.Sweep.SweepTestSupport;

namespace Sim.Tests.Sweep;

/// <summary>Shards partition a sweep's distinct points.</summary>
public class ShardTests
{
    [Test]
    public void ShardsCoverEveryPointExactlyOnce([Values(1, 2, 3, 5, 8)] int n)
    {
        using var dir = new TempConfigDir();
        // 7 x 2 = 14 points, each configuration spelt twice (capacity in KiB or bytes): 7 distinct.
        string sweep = WriteSweep(dir, "axes:\n  scenario.seed: [1, 2, 3, 4, 5, 6, 7]\n  hardware.scratchpads.input: [{ capacity_kib: 4, banks: 2, width_bytes: 8, ports: 1 }, { capacity_bytes: 4096, banks: 2, width_bytes: 8, ports: 1 }]\n");
        var points = Resolve(sweep);
        var distinct = Shard.Distinct(points).Select(p => p.Key).ToList();
        Assert.That(distinct, Has.Count.EqualTo(7));
        var shares = Enumerable.Range(1, n).Select(k => new Shard(k, n).Select(points).Select(p => p.Key).ToList()).ToList();
        var union = shares.SelectMany(s => s).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(union, Is.EquivalentTo(distinct), "every point in exactly one shard");
            Assert.That(shares.Max(s => s.Count) - shares.Min(s => s.Count), Is.LessThanOrEqualTo(1), "balanced");
        });
    }

    [Test]
    public void ShardSyntax()
    {
        Assert.That(Shard.Parse("2/8"), Is.EqualTo(new Shard(2, 8)));
        foreach (string bad in new[] { "0/4", "5/4", "1", "a/b", "1/0", "-1/4" })
            Assert.That(() => Shard.Parse(bad), Throws.TypeOf<InputError>().With.Message.StartsWith($"error: --shard {bad}:"), bad);
    }
}
