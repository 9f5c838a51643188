using Sim.Cosim;
using Sim.PeArray;

namespace Sim.Tests.Cosim;

/// <summary>
/// pe_array.v's protocol assertions, each made to fire by stepping the RTL by hand: a row valid without the row above
/// the edge before, a load that continues under a stream of its bank, a column that emits a sum twice (the
/// SIM_DEFECT_EXTRA_OUTPUT build). Every driver in Sim keeps the protocol, so every other cosimulation test runs with
/// them on and none fires.
/// </summary>
[Category("Cosim")]
public class ProtocolAssertionTests
{
    private static readonly RtlConfig Array4x4 = new(4, 4, 8);

    private static PeArrayInputs Edge(bool load, params int[] validRows)
    {
        var valid = new bool[4];
        foreach (int r in validRows) valid[r] = true;
        return new PeArrayInputs(load, new short[] { 1, 2, 3, 4 }, new short[] { 5, 6, 7, 8 }, valid);
    }

    [Test]
    public void ARowValidWithoutTheRowAboveIsValidSkew()
    {
        using var rtl = new RtlPeArray(Array4x4);
        rtl.Step(Edge(false, 0));        // a vector enters row 0
        rtl.Step(Edge(false, 0, 1));     // it moves to row 1 while the next enters row 0: the skew kept
        var fault = Assert.Throws<ArrayProtocolFault>(() => rtl.Step(Edge(false, 2, 3)));  // row 3 without row 2 the edge before
        Assert.That(fault!.Message, Does.Contain("valid skew").And.Contain("by cycle 3"));
    }

    [Test]
    public void ALoadThatGoesOnUnderAStreamChangesItsWeights()
    {
        using var rtl = new RtlPeArray(Array4x4);
        rtl.Step(Edge(true));            // a load starts
        rtl.Step(Edge(true));            // and goes on, nothing streaming: allowed
        var fault = Assert.Throws<ArrayProtocolFault>(() => rtl.Step(Edge(true, 0)));  // a vector enters while it goes on
        Assert.That(fault!.Message, Does.Contain("weights changed under its stream"));
    }

    [Test]
    public void TheFirstLoadEdgeMayMeetTheLastMacOfTheTileBefore()
    {
        using var rtl = new RtlPeArray(Array4x4);
        rtl.Step(Edge(false, 0));        // the last vector of a tile enters PE(0,0)
        rtl.Step(Edge(false));           // PE(0,1)
        rtl.Step(Edge(false));           // PE(0,2)
        // The next load starts at the edge the vector meets PE(0,3), its last MAC, which uses the weight held
        // before the edge: the sequencer's schedule (WeightPipeline) does this. Then the load goes on alone.
        Assert.DoesNotThrow(() => rtl.Step(Edge(true)));
        Assert.DoesNotThrow(() => rtl.Step(Edge(true)));
    }

    [Test]
    public void ALoadOneEdgeEarlierIsCaught()
    {
        using var rtl = new RtlPeArray(Array4x4);
        rtl.Step(Edge(false, 0));
        rtl.Step(Edge(false));
        rtl.Step(Edge(true));            // the load starts while the vector meets PE(0,2)
        var fault = Assert.Throws<ArrayProtocolFault>(() => rtl.Step(Edge(true)));  // and goes on under its MAC at PE(0,3)
        Assert.That(fault!.Message, Does.Contain("weights changed under its stream"));
    }

    [Test]
    public void AColumnThatEmitsASumTwiceIsCaught()
    {
        using var rtl = new RtlPeArray(new RtlConfig(4, 4, 8, "SIM_DEFECT_EXTRA_OUTPUT=1"));
        // One vector into row 0 only (a K = 1 tile): every column emits one sum, column 1 two.
        rtl.Step(Edge(false, 0));
        var fault = Assert.Throws<ArrayProtocolFault>(() => { for (int e = 0; e < 12; e++) rtl.Step(Edge(false)); });
        Assert.That(fault!.Message, Does.Contain("more sums than vectors were issued"));
    }
}
