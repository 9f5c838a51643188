using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>Drives the array's ports directly and checks when data shows up where.</summary>
public class SkewTimingTests
{
    private const int Rows = 3;
    private const int Cols = 4;
    private const int Vectors = 2;

    // W[k][c] = 1 everywhere, so y[m][c] = sum over k of a[m][k], the same in every column.
    private static readonly short[][] ActivationVectors = [[1, 2, 3], [10, 20, 30]];

    [Test]
    public void FirstValidOutputOfColumnCAppearsAtEdgeTwoRowsPlusC()
    {
        var (firstValid, validEdges, values) = RunFullTile();

        // Edges 1..3 load weights; stream cycle s is edge 4 + s. a[0][0] enters PE(0,0) at stream
        // cycle 0 and reaches column c at stream cycle c; y[0][c] then moves down one row per cycle
        // and is registered in the bottom row (r = 2) at stream cycle 2 + c, i.e. edge 6 + c = 2R + c.
        long[] expectedFirstValid = [6, 7, 8, 9];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstValid, Is.EqualTo(expectedFirstValid));
            // Each column emits the M vectors on consecutive edges, then goes quiet.
            Assert.That(validEdges, Is.All.EqualTo(Vectors));
            for (int c = 0; c < Cols; c++)
                Assert.That(values[c], Is.EqualTo(new[] { 6, 60 }), $"column {c}");
        }
    }

    [Test]
    public void ActivationMovesOnePeRightPerCycle()
    {
        var array = new SystolicArray(Rows, Cols);
        LoadOnes(array);
        var activations = new short[Rows];
        var valid = new bool[Rows];
        var weightRow = new short[Cols];

        activations[0] = 5;
        valid[0] = true;
        for (int s = 0; s < Cols; s++)
        {
            array.Step(new PeArrayInputs(false, weightRow, activations, valid));
            activations[0] = 0;
            valid[0] = false;
            for (int c = 0; c < Cols; c++)
                Assert.That(array.Element(0, c).ActivationValid, Is.EqualTo(c == s), $"stream cycle {s}, column {c}");
        }
    }

    private static (long[] FirstValid, int[] ValidEdges, List<int>[] Values) RunFullTile()
    {
        var array = new SystolicArray(Rows, Cols);
        LoadOnes(array);
        var weightRow = new short[Cols];
        var activations = new short[Rows];
        var valid = new bool[Rows];
        var firstValid = new long[Cols];
        var validEdges = new int[Cols];
        var values = Enumerable.Range(0, Cols).Select(_ => new List<int>()).ToArray();

        for (int s = 0; s < 20; s++)
        {
            for (int k = 0; k < Rows; k++)
            {
                int m = s - k;
                valid[k] = m >= 0 && m < Vectors;
                activations[k] = valid[k] ? ActivationVectors[m][k] : (short)0;
            }
            array.Step(new PeArrayInputs(false, weightRow, activations, valid));
            for (int c = 0; c < Cols; c++)
            {
                if (!array.PartialSumOutValid[c])
                    continue;
                if (validEdges[c]++ == 0)
                    firstValid[c] = array.Cycle;
                values[c].Add(array.PartialSumOut[c]);
            }
        }
        return (firstValid, validEdges, values);
    }

    private static void LoadOnes(SystolicArray array)
    {
        var ones = Enumerable.Repeat((short)1, array.Cols).ToArray();
        var activations = new short[array.Rows];
        var valid = new bool[array.Rows];
        for (int t = 0; t < array.Rows; t++)
            array.Step(new PeArrayInputs(true, ones, activations, valid));
        Assert.That(array.Cycle, Is.EqualTo(array.Rows));
    }
}
