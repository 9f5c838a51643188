using Sim.Accelerator;
using Sim.Config;
using Sim.Mapping;
using Sim.Tensors;
using Sim.Tests.Run;

namespace Sim.Tests.Noc;

/// <summary>
/// A layer split across cores, pinned by hand on the 16x16 weight-stationary test array (mapper: fixed): each core's
/// slice takes the per-fold formula 2R + M_t + N_t - 2 over its own tiles, and the split changes no output bit.
/// </summary>
public class CoreSplitTests
{
    private static HardwareConfig Hw(int cores, double gbps) => TestScenarios.Array16(gbps) with
    {
        Cores = cores,
        Mapper = new MapperConfig(MapperMode.Fixed, MapperObjective.Latency),
    };

    private static (GemmRun Run, Tensor<short> Output) Gemm(HardwareConfig hw, int m, int k, int n)
    {
        var random = new Random(3);
        var a = new Tensor<short>(m, k);
        var w = new Tensor<short>(k, n);
        for (int i = 0; i < a.Length; i++) a.Data[i] = (short)random.Next(-128, 128);
        for (int i = 0; i < w.Length; i++) w.Data[i] = (short)random.Next(-128, 128);
        var layer = new GemmLayer("g", m, k, n);
        var operands = new MatrixOperands(layer, a, w);
        return (GemmExecutor.Run(hw, GemmShape.Of(layer), operands, GemmNumerics.Int8(0.01f, 0)), operands.Output);
    }

    private static long[] CoreCycles(GemmRun run)
    {
        var counts = run.CoreStepCounts!;
        return counts.Select((count, c) => run.Steps.Skip(counts.Take(c).Sum()).Take(count).Sum(s => s.ComputeCycles)).ToArray();
    }

    [Test]
    public void ColumnBlocksAreDealtOutWhenTheRowsAreOneBlock()
    {
        // M 64, K 16, N 64: one 64-row block (the output buffer takes 256 rows of 16 int32 partial sums), four 16-column
        // blocks. Memory fast enough (1 TB/s) that compute decides. By rows one core would do it all; by columns each of
        // two cores takes two blocks: two folds of 2 x 16 + 64 + 16 - 2 = 110 cycles, 220 a core.
        var (run, output) = Gemm(Hw(2, 1000), 64, 16, 64);
        Assert.That(run.Split!.Dimension, Is.EqualTo(SplitDimension.Columns));
        Assert.That(run.Split.Runs, Is.EqualTo(new[] { (0, 2), (2, 2) }));
        Assert.That(CoreCycles(run), Is.EqualTo(new long[] { 220, 220 }));
        Assert.That(output.Data, Is.EqualTo(Gemm(Hw(1, 1000), 64, 16, 64).Output.Data), "no output bit changes");
    }

    [Test]
    public void RowBlocksAreDealtOutWhenTheColumnsAreOneBlock()
    {
        // M 512, K 16, N 16: one column block, two 256-row blocks. Memory fast enough (1 TB/s) that compute decides:
        // by columns one core takes both folds (2 x (32 + 256 + 16 - 2) = 604 cycles), by rows each core one: 302.
        var (run, output) = Gemm(Hw(2, 1000), 512, 16, 16);
        Assert.That(run.Split!.Dimension, Is.EqualTo(SplitDimension.Rows));
        Assert.That(CoreCycles(run), Is.EqualTo(new long[] { 302, 302 }));
        Assert.That(run.Split.Cost(run.Plan, Hw(2, 1000)), Is.EqualTo(302));
        Assert.That(output.Data, Is.EqualTo(Gemm(Hw(1, 1000), 512, 16, 16).Output.Data));
        // Each core holds the layer's 16 x 16 weights (256 bytes): both load them.
        Assert.That(run.Steps.Sum(s => s.Weights.Bytes), Is.EqualTo(2 * 256));
    }

    [Test]
    public void AMemoryBoundLayerStaysWhereItMovesFewestBytes()
    {
        // The same layer on 12.8 GB/s memory (12.8 bytes a core cycle): 8 KiB in and 8 KiB out take 1,280 cycles at the
        // peak, more than either split's compute; by rows both cores load the weights (256 bytes more), so by columns
        // (one block: all on core 0) is cheaper.
        var (run, _) = Gemm(Hw(2, 12.8), 512, 16, 16);
        Assert.That(run.Split!.Dimension, Is.EqualTo(SplitDimension.Columns));
        Assert.That(run.Split.Runs, Is.EqualTo(new[] { (0, 1), (1, 0) }));
        Assert.That(run.Split.Cost(run.Plan, Hw(2, 12.8)), Is.EqualTo((8192 + 256 + 8192) / 12.8).Within(1e-9));
    }
}
