using Sim.Config;
using Sim.Run;

namespace Sim.Tests.Run;

/// <summary>Which layer reads which, and what fuses into an output stage, worked from the rules by hand.</summary>
public class NetworkGraphTests
{
    private static readonly HardwareConfig Hw = TestScenarios.Array16();

    private static Conv2DLayer Conv(string name, int c = 4, int oc = 4) => TestScenarios.Conv(name, c: c, h: 4, w: 4, oc: oc, k: 1);

    private static ReluLayer Relu(string name, params string[] inputs) =>
        new(name, [1, 4, 4, 4]) { Inputs = inputs.Length == 0 ? null : inputs };

    [Test]
    public void AListingInOrderChainsWhereTheElementsMatch()
    {
        // b reads a (64 elements each); the gemm reads 2 x 40 = 80, which nothing writes: a tensor of its own.
        var g = new NetworkGraph([Conv("a"), Conv("b"), new GemmLayer("fc", 2, 40, 8)], Hw, fuse: true);
        Assert.That(g.Producers.Select(p => p.Single()), Is.EqualTo(new[] { -1, 0, -1 }));
        Assert.That(g.Readers, Is.EqualTo(new[] { 1, 0, 0 }));
    }

    [Test]
    public void AReluFusesIntoTheConvOnlyWhenNothingElseReadsIt()
    {
        var alone = new NetworkGraph([Conv("a"), Relu("r")], Hw, fuse: true);
        Assert.That(alone.FusedInto, Is.EqualTo(new[] { -1, 0 }));
        Assert.That(alone.Tail(0), Is.EqualTo(1));
        // b also reads a's output, so a must store it unrectified: the ReLU runs on its own.
        var shared = new NetworkGraph([Conv("a"), Relu("r", "a"), Conv("b") with { Inputs = ["a"] }], Hw, fuse: true);
        Assert.That(shared.FusedInto, Is.All.EqualTo(-1));
        // Fusion off, for the scenario or for the layer.
        Assert.That(new NetworkGraph([Conv("a"), Relu("r")], Hw, fuse: false).FusedInto, Is.All.EqualTo(-1));
        Assert.That(new NetworkGraph([Conv("a"), Relu("r") with { Fuse = false }], Hw, fuse: true).FusedInto, Is.All.EqualTo(-1));
    }

    [Test]
    public void AReluAfterAPoolRunsOnTheVectorUnit()
    {
        var pool = new PoolLayer("p", PoolKind.Max, 1, 4, 8, 8, 2, 2, 2, 2, Padding2D.None);
        var g = new NetworkGraph([Conv("a"), pool, Relu("r")], Hw, fuse: true);
        Assert.That(g.FusedInto[2], Is.EqualTo(-1));
    }

    [Test]
    public void AnAddFusesIntoItsLaterProducerAndReadsTheOtherAsItsResidual()
    {
        // block: x -> c1 -> c2; shortcut x; add(c2, x) -> relu. The add and the ReLU run in c2's output stage,
        // reading x (written by x's conv, before c2) as the residual.
        var layers = new LayerSpec[]
        {
            Conv("x"), Conv("c1"), Conv("c2"),
            new AddLayer("add", [1, 4, 4, 4]) { Inputs = ["c2", "x"] },
            Relu("out"),
        };
        var g = new NetworkGraph(layers, Hw, fuse: true);
        Assert.That(g.FusedInto, Is.EqualTo(new[] { -1, -1, -1, 2, 2 }));
        Assert.That(g.Fused(2), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(g.ResidualSlot(3), Is.EqualTo(1));
        Assert.That(g.Tail(2), Is.EqualTo(4));
    }

    [Test]
    public void AnAddWhoseOtherOperandComesLaterDoesNotFuse()
    {
        // add(a, b) listed after b but fusing into a would need b before a has run: a is earlier, b later, so the
        // add fuses into b (the later producer) with a as its residual, never into a.
        var layers = new LayerSpec[] { Conv("a"), Conv("b"), new AddLayer("add", [1, 4, 4, 4]) { Inputs = ["a", "b"] } };
        var g = new NetworkGraph(layers, Hw, fuse: true);
        // b reads a (listing order), so a has two readers: b and the add; the add still fuses into b.
        Assert.That(g.FusedInto[2], Is.EqualTo(1));
        Assert.That(g.ResidualSlot(2), Is.EqualTo(0));
    }
}
