using Sim.Run;

namespace Sim.Tests.Noc;

/// <summary>Stages cut by hand: consecutive layers, none empty, the largest stage as small as any cut allows.</summary>
public class PipelineStagesTests
{
    [Test]
    public void TheLargestStageIsAsSmallAsACutAllows()
    {
        // 1 2 3 | 4 | 5: stages of 6, 4 and 5; every other cut into three has a stage of 7 or more.
        var stages = PipelineStages.Balance([1, 2, 3, 4, 5], 3);
        Assert.That(stages.StageOf, Is.EqualTo(new[] { 0, 0, 0, 1, 2 }));
        Assert.That(stages.Costs, Is.EqualTo(new long[] { 6, 4, 5 }));
        Assert.That(stages.Describe(["a", "b", "c", "d", "e"]), Is.EqualTo("a..c | d | e"));
    }

    [Test]
    public void TiesTakeTheEarliestCut()
    {
        // 5 | 1 1 5 (largest 7), 5 1 | 1 5 (6), 5 1 1 | 5 (7): the middle cut wins alone. With equal layers, 2 | 2 2 and
        // 2 2 | 2 tie at 4 and the earlier cut is taken.
        Assert.That(PipelineStages.Balance([5, 1, 1, 5], 2).StageOf, Is.EqualTo(new[] { 0, 0, 1, 1 }));
        Assert.That(PipelineStages.Balance([2, 2, 2], 2).StageOf, Is.EqualTo(new[] { 0, 1, 1 }));
    }

    [Test]
    public void NoMoreStagesThanLayers()
    {
        var stages = PipelineStages.Balance([3, 3], 4);
        Assert.That((stages.Count, stages.StageOf), Is.EqualTo((2, new[] { 0, 1 })));
    }
}
