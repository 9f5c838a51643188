using Sim.Noc;

namespace Sim.Tests.Noc;

/// <summary>Routes on the mesh (XY, memory beside router (0,0)) and the ring (memory at node 0, the shorter way), by hand.</summary>
public class NocTopologyTests
{
    private static string[] Names(INocTopology t, int[] route) => route.Select(t.LinkName).ToArray();

    [Test]
    public void MeshShapesAreTheSmallestDivisorAtOrAboveTheSquareRoot()
    {
        Assert.That(new[] { 2, 4, 6, 8, 9 }.Select(n => { var m = new MeshTopology(n); return (m.Columns, m.Rows); }),
            Is.EqualTo(new[] { (2, 1), (2, 2), (3, 2), (4, 2), (3, 3) }));
    }

    [Test]
    public void MeshRoutesGoAlongXThenYThroughRouterZeroToMemory()
    {
        var mesh = new MeshTopology(4);
        Assert.Multiple(() =>
        {
            Assert.That(Names(mesh, mesh.ToMemory(0)), Is.EqualTo(new[] { "(0,0)->memory" }));
            Assert.That(Names(mesh, mesh.ToMemory(3)), Is.EqualTo(new[] { "(1,1)->(0,1)", "(0,1)->(0,0)", "(0,0)->memory" }));
            Assert.That(Names(mesh, mesh.FromMemory(3)), Is.EqualTo(new[] { "memory->(0,0)", "(0,0)->(1,0)", "(1,0)->(1,1)" }));
            Assert.That(Names(mesh, mesh.FromMemory(2)), Is.EqualTo(new[] { "memory->(0,0)", "(0,0)->(0,1)" }));
            // The directed links some route uses: memory's two and six between routers.
            Assert.That(mesh.Links, Is.EqualTo(2 + 6));
        });
    }

    [Test]
    public void RingRoutesTakeTheShorterWayRound()
    {
        // Five nodes: memory 0, cores 0..3 at nodes 1..4.
        var ring = new RingTopology(4);
        Assert.Multiple(() =>
        {
            Assert.That(Names(ring, ring.ToMemory(0)), Is.EqualTo(new[] { "core 0->memory" }));
            Assert.That(Names(ring, ring.ToMemory(1)), Is.EqualTo(new[] { "core 1->core 0", "core 0->memory" }));
            Assert.That(Names(ring, ring.ToMemory(2)), Is.EqualTo(new[] { "core 2->core 3", "core 3->memory" }));
            Assert.That(Names(ring, ring.FromMemory(3)), Is.EqualTo(new[] { "memory->core 3" }));
            Assert.That(Names(ring, ring.FromMemory(1)), Is.EqualTo(new[] { "memory->core 0", "core 0->core 1" }));
        });
    }
}
