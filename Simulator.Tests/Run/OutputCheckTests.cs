using Sim.Accelerator;
using Sim.Run;
using Sim.Tensors;

namespace Sim.Tests.Run;

public class OutputCheckTests
{
    [Test]
    public void IdenticalOutputsPass()
    {
        var a = new Tensor<sbyte>([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        var b = new Tensor<sbyte>([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.That(OutputCheck.Compare("conv", a, b), Is.Null);
    }

    [Test]
    public void TheFirstDifferingElementIsNamed()
    {
        // Flat index 5 of a [1,2,2,2] tensor is channel 1, row 0, column 1.
        var expected = new Tensor<sbyte>([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        var actual = new Tensor<sbyte>([1, 2, 2, 2], [1, 2, 3, 4, 5, -6, 7, 9]);
        Assert.That(OutputCheck.Compare("res2_3x3", expected, actual),
            Is.EqualTo("layer 'res2_3x3': output differs from the golden model first at [0,1,0,1]: expected 6, got -6"));
    }

    [Test]
    public void AShapeDifferenceIsNamed()
    {
        var expected = new Tensor<sbyte>([2, 3]);
        var actual = new Tensor<sbyte>([3, 2]);
        Assert.That(OutputCheck.Compare("fc", expected, actual),
            Is.EqualTo("layer 'fc': output shape [3,2] differs from the golden model's [2,3]"));
    }
}
