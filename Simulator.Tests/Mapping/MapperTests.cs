using Sim.Config;
using Sim.Mapping;
using Sim.Run;
using Sim.Tensors;
using Sim.Tests.Run;

namespace Sim.Tests.Mapping;

public class MapperTests
{
    /// <summary>The first version's mapper: textbook tiles, choosing only which operand the array holds.</summary>
    private static MappedGemm Choose(int m, int k, int n)
    {
        var hw = TestScenarios.Array16() with { Mapper = new MapperConfig(MapperMode.OrientationOnly, MapperObjective.Latency) };
        hw = hw with { PeArray = hw.PeArray with { Im2Col = Im2ColSource.Dram } };   // 16x16 at 1 GHz, 12.8 GB/s: 12.8 bytes a cycle
        var layer = new GemmLayer("g", m, k, n);
        var operands = new MatrixOperands(layer, new Tensor<short>(m, k), new Tensor<short>(k, n));
        return Mapper.Map(hw, GemmShape.Of(layer), operands, hw.DefaultFormat, structured24: false);
    }

    [Test]
    public void AFewRowsOfActivationsAreHeldAndTheWeightsStream()
    {
        // Y[5,40] = A[5,70] W[70,40]. Held weights: 5 K chunks x (51 + 51 + 43) = 725 cycles, and
        // 350 x 3 + 2,800 + 200 = 4,050 bytes (316 cycles): 725. Held activations: Y^T[40,5], 5 chunks x
        // (32 + 40 + 5 - 2 = 75) = 375 cycles, 2,800 + 350 + 200 = 3,350 bytes (262 cycles): 375. Swap.
        var o = Choose(5, 70, 40);
        Assert.That(o.WeightsStream, Is.True);
        Assert.That(o.Shape, Is.EqualTo(new GemmShape(1, 40, 70, 5)));
    }

    [Test]
    public void ManyRowsKeepTheWeightsHeld()
    {
        // Y[64,40] = A[64,70] W[70,40]. Held weights: 5 chunks x (110 + 110 + 102) = 1,610 cycles;
        // 4,480 x 3 + 2,800 + 2,560 = 18,800 bytes (1,469 cycles): 1,610. Held activations: 4 N blocks
        // x 5 chunks x (32 + 40 + 16 - 2 = 86) = 1,720 cycles: more. Keep.
        var o = Choose(64, 70, 40);
        Assert.That(o.WeightsStream, Is.False);
        Assert.That(o.Shape, Is.EqualTo(new GemmShape(1, 64, 70, 40)));
    }

    [Test]
    public void AConvolutionsBlockReadsTheBandOfInputRowsItsWindowsCover()
    {
        // 3x3, pad 1, stride 1 on 8x8: output rows 0-1 (pixels 0..15) read input rows 0..2 (row -1 is padding);
        // output rows 3-5 read 2..6; the last output row 7 reads 6..7 (row 8 is padding).
        var c = TestScenarios.Conv("c", c: 4, h: 8, w: 8, oc: 4, k: 3, pad: 1);
        var rows = new ConvRows(c, new Tensor<short>(1, 4, 8, 8));
        Assert.That(rows.Band(0, 16), Is.EqualTo((0, 2)));
        Assert.That(rows.Band(24, 24), Is.EqualTo((2, 6)));
        Assert.That(rows.Band(56, 8), Is.EqualTo((6, 7)));
        Assert.That(rows.RowElements, Is.EqualTo(8 * 4));
        // A K chunk of 16 of K = 4 x 9 = 36 starting at k 9 covers channels 1 and 2: per pixel, one run of 2.
        Assert.That(rows.ChunkRuns(9, 16), Is.EqualTo((8, 2)));
        // Stride 2, no padding, on 9x9: output row 1 (pixels 4..7, OW = 4) reads input rows 2..4.
        var s2 = TestScenarios.Conv("s", c: 1, h: 9, w: 9, oc: 1, k: 3, stride: 2);
        Assert.That(new ConvRows(s2, new Tensor<short>(1, 1, 9, 9)).Band(4, 4), Is.EqualTo((2, 4)));
    }

    [Test]
    public void OnChipIm2ColMovesTheInputOnceAndDramIm2ColMovesTheWindows()
    {
        // conv 8 -> 16 channels, 3x3, pad 1, on 16x16 int8: the input is 8 x 16 x 16 = 2,048 bytes, the weights
        // 16 x 72 = 1,152, the output 16 x 256 = 4,096. All of it fits the 64 KiB buffers, so with im2col on chip
        // each moves once. Read from DRAM, the im2col matrix is 256 pixels x 72 = 18,432 bytes (one column block).
        var conv = TestScenarios.Conv("conv", c: 8, h: 16, w: 16, oc: 16, k: 3, pad: 1);
        var onChip = ScenarioRunner.Run(TestScenarios.OneAtATime(TestScenarios.Array16(), conv)).Layers[0];
        Assert.That((onChip.DramBytesRead, onChip.DramBytesWritten), Is.EqualTo((2048L + 1152, 4096L)));
        Assert.That(onChip.BitExact, Is.True);
        var hw = TestScenarios.Array16();
        var dram = hw with { PeArray = hw.PeArray with { Im2Col = Im2ColSource.Dram } };
        var windows = ScenarioRunner.Run(TestScenarios.OneAtATime(dram, conv)).Layers[0];
        Assert.That((windows.DramBytesRead, windows.DramBytesWritten), Is.EqualTo((18432L + 1152, 4096L)));
        Assert.That(windows.OutputSha256, Is.EqualTo(onChip.OutputSha256));
    }

    [Test]
    public void WhenTheInputDoesNotFitTheRowsOfTheNextBlockArePrefetchedBehindTheBlockBefore()
    {
        // conv 64 -> 16, 1x1, on 32x32: the input is 64 KiB, more than the textbook's half of the input buffer,
        // so it cannot stay. M_t = 256 (two blocks of 256 x 16 int32 partial sums fill the 32 KiB output buffer):
        // four blocks of 8 input rows, 32 x 64 = 2 KiB each, 16 KiB a block.
        var hw = TestScenarios.Array16() with { Mapper = new MapperConfig(MapperMode.Fixed, MapperObjective.Latency) };
        var conv = TestScenarios.Conv("conv", c: 64, h: 32, w: 32, oc: 16, k: 1);
        var operands = new ConvOperands(conv, new Tensor<short>(1, 64, 32, 32), new Tensor<short>(16, 64, 1, 1));
        var plan = Mapper.Map(hw, GemmShape.Of(conv), operands, hw.DefaultFormat, structured24: false).Plan;
        Assert.That((plan.Mt, plan.ActivationsResident, plan.Order), Is.EqualTo((256, false, LoopOrder.WeightsOuter)));
        var tiles = plan.Tiles().ToList();
        // Block 0's first tile loads its rows 0..7 and the first of 4 slices (K chunks of 16 of 64) of block 1's
        // rows 8..15; its last tile the last slice; block 1's first tile the first slice of block 2's.
        Assert.That(plan.RowsLoadedBy(tiles[0]), Is.EqualTo((0, 9)));
        Assert.That(plan.RowsLoadedBy(tiles[3]), Is.EqualTo((14, 15)));
        Assert.That(plan.RowsLoadedBy(tiles[4]), Is.EqualTo((16, 17)));
        Assert.That(plan.RowsLoadedBy(tiles[12]).Item2, Is.LessThan(plan.RowsLoadedBy(tiles[12]).Item1), "the last block prefetches nothing");
        Assert.That(MappingCost.ActivationBytes(plan), Is.EqualTo(64 * 1024));
    }

    [Test]
    public void TheSearchNeverPricesAMappingAboveTheTextbookOne()
    {
        // Every ResNet-50 stage's 3x3 and 1x1 shapes: the search's estimate is at most the fixed mapping's.
        foreach (var (c, h, oc, k) in new[] { (64, 56, 64, 3), (256, 56, 64, 1), (128, 28, 128, 3), (1024, 14, 256, 1), (512, 7, 512, 3) })
        {
            var conv = TestScenarios.Conv("c", c: c, h: h, w: h, oc: oc, k: k, pad: k / 2);
            var operands = new ConvOperands(conv, new Tensor<short>(1, c, h, h), new Tensor<short>(oc, c, k, k));
            double Estimate(MapperMode mode)
            {
                var hw = TestScenarios.Array16() with { Mapper = new MapperConfig(mode, MapperObjective.Latency) };
                var m = Mapper.Map(hw, GemmShape.Of(conv), operands, hw.DefaultFormat, structured24: false);
                return MappingCost.Of(m.Plan, hw, hw.DefaultFormat, withEnergy: false).Cycles;
            }
            Assert.That(Estimate(MapperMode.Search), Is.LessThanOrEqualTo(Estimate(MapperMode.Fixed)), $"{c}x{h}x{h} -> {oc}, {k}x{k}");
        }
    }

    [Test]
    public void TheEnergyObjectiveNeverPicksAMappingItPricesAboveTheLatencyPick()
    {
        foreach (var (c, h, oc, k) in new[] { (64, 56, 64, 3), (256, 56, 64, 1), (1024, 14, 256, 1) })
        {
            var conv = TestScenarios.Conv("c", c: c, h: h, w: h, oc: oc, k: k, pad: k / 2);
            var operands = new ConvOperands(conv, new Tensor<short>(1, c, h, h), new Tensor<short>(oc, c, k, k));
            double Energy(MapperObjective objective)
            {
                var hw = TestScenarios.Array16() with { Mapper = new MapperConfig(MapperMode.Search, objective) };
                var m = Mapper.Map(hw, GemmShape.Of(conv), operands, hw.DefaultFormat, structured24: false);
                return MappingCost.Of(m.Plan, hw, hw.DefaultFormat, withEnergy: true).EnergyPj;
            }
            Assert.That(Energy(MapperObjective.Energy), Is.LessThanOrEqualTo(Energy(MapperObjective.Latency)), $"{c}x{h}x{h} -> {oc}, {k}x{k}");
        }
    }

    [Test]
    public void ALayersOwnMappingIsTheOneThatRunsAndChangesNoOutputBit()
    {
        var conv = TestScenarios.Conv("conv", c: 8, h: 16, w: 16, oc: 40, k: 3, pad: 1);
        var free = ScenarioRunner.Run(TestScenarios.OneAtATime(TestScenarios.Array16(), conv)).Layers[0];
        var pinned = ScenarioRunner.Run(TestScenarios.OneAtATime(TestScenarios.Array16(),
            conv with { Mapping = new MappingChoice(true, LoopOrder.ActivationsOuter, 64) })).Layers[0];
        // M = 256 pixels in 4 blocks of 64; N = 40 in column blocks of 16, 16, 8; K = 72 in chunks of 16.
        Assert.That(pinned.Mapping, Does.StartWith("weights stationary; g>m>n>k; Mt 64 Kt 16 Nt 16"));
        Assert.That(pinned.Tiles, Is.EqualTo(4 * 3 * 5));
        Assert.That(pinned.BitExact && free.BitExact, Is.True);
        Assert.That(pinned.OutputSha256, Is.EqualTo(free.OutputSha256));
    }

    [Test]
    public void TheTransposedGemmWritesTheSameOutputTensor()
    {
        // Lower through the transposed view and write a block back: it lands transposed in Y.
        var layer = new GemmLayer("g", 2, 3, 4);
        var a = new Tensor<short>([2, 3], [1, 2, 3, 4, 5, 6]);
        var w = new Tensor<short>([3, 4], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
        var inner = new MatrixOperands(layer, a, w);
        var t = new TransposedOperands(inner, GemmShape.Of(layer));
        var wT = new short[4 * 3];
        t.LowerActivations(0, wT);
        Assert.That(wT, Is.EqualTo(new short[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 }));
        var aT = new short[3 * 2];
        t.LowerWeights(0, aT);
        Assert.That(aT, Is.EqualTo(new short[] { 1, 4, 2, 5, 3, 6 }));
        // Y^T block rows n = 1..2, columns m = 0..1 -> Y[m, n].
        t.WriteOutputBlock(0, 1, 0, 2, 2, new short[] { 10, 11, 20, 21 });
        Assert.That(inner.Output.Data, Is.EqualTo(new short[] { 0, 10, 20, 0, 0, 11, 21, 0 }));
    }
}
