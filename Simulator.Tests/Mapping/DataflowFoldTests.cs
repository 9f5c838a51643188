using Sim.Accelerator;
using Sim.Config;
using Sim.Mapping;
using Sim.PeArray;
using Sim.Scenarios;
using Sim.Tensors;
using Sim.Tests.Config;

namespace Sim.Tests.Mapping;

/// <summary>
/// With <c>mapper: fixed</c>, every ResNet-50 layer's compute cycles on the 32x32 array (ideal memory: the
/// array's cycles, no stall) equal the README's per-fold formula of each dataflow, summed by hand over the
/// folds of the tile sizes the run reports.
/// </summary>
public class DataflowFoldTests
{
    private const int R = 32, C = 32;

    [TestCase("weight_stationary")]
    [TestCase("output_stationary")]
    [TestCase("input_stationary")]
    public void EveryResNet50LayerTakesItsPerFoldFormula(string name)
    {
        var hw = HardwareLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs/ws-32x32-int8.yaml"));
        hw = hw with
        {
            PeArray = hw.PeArray with { Dataflow = Dataflow.All.Single(d => d.Name == name) },
            Mapper = new MapperConfig(MapperMode.Fixed, MapperObjective.Latency),
        };
        var scenario = ScenarioLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios/zoo/resnet50.yaml"));
        var convolutions = scenario.Layers.OfType<Conv2DLayer>().ToList();
        Assert.That(convolutions, Has.Count.EqualTo(53), "ResNet-50's convolutions");
        var shapes = convolutions.DistinctBy(c => (c.InChannels, c.InHeight, c.OutChannels, c.KernelH, c.StrideH, c.Padding)).ToList();
        foreach (var conv in shapes)
            Check(hw, name, conv.Name, GemmShape.Of(conv), new ConvOperands(conv,
                new Tensor<short>(1, conv.InChannels, conv.InHeight, conv.InWidth),
                new Tensor<short>(conv.OutChannels, conv.InChannels, conv.KernelH, conv.KernelW)));
        var fc = scenario.Layers.OfType<GemmLayer>().Single();
        Check(hw, name, fc.Name, GemmShape.Of(fc), new MatrixOperands(fc, new Tensor<short>(fc.M, fc.K), new Tensor<short>(fc.K, fc.N)));
    }

    private static void Check(HardwareConfig hw, string dataflow, string layer, GemmShape shape, IGemmOperands operands)
    {
        var run = GemmExecutor.Run(hw, shape, operands, GemmNumerics.Int8(1, 0));
        var p = run.Plan;
        long expected;
        switch (dataflow)
        {
            case "output_stationary":
                // Outputs in blocks of at most R x C (M in equal blocks), K in chunks of 4,096 (256 KiB input and weight
                // buffers hold two 32 x 4,096 int8 tiles each); per fold K_t + M_t + N_t + R - 2.
                Assert.That((run.WeightsStream, p.Kt, p.Nt), Is.EqualTo((false, Math.Min(4096, shape.K), Math.Min(C, shape.N))), layer);
                Assert.That(p.Mt, Is.LessThanOrEqualTo(R), layer);
                expected = Folds(shape.M, p.Mt, shape.K, p.Kt, shape.N, p.Nt, (m, k, n) => k + m + n + R - 2);
                break;
            default:
                // A weight tile of R rows (K) and C columns held, M_t vectors streaming: 2R + M_t + N_t - 2. Input-stationary
                // holds the activations instead: the GEMM turned, Y^T = W^T A^T, its N streaming and its M in C columns.
                bool turned = dataflow == "input_stationary";
                var (m0, n0) = turned ? (shape.N, shape.M) : (shape.M, shape.N);
                Assert.That((run.WeightsStream, p.Kt, p.Nt), Is.EqualTo((turned, Math.Min(R, shape.K), Math.Min(C, n0))), layer);
                expected = Folds(m0, p.Mt, shape.K, p.Kt, n0, p.Nt, (m, k, n) => 2 * R + m + n - 2);
                break;
        }
        Assert.That(run.Totals.Cycles, Is.EqualTo(expected), $"{dataflow} {layer}: M {shape.M} K {shape.K} N {shape.N}, tiles {p.Mt}x{p.Kt}x{p.Nt}");
    }

    /// <summary>The formula summed over every fold: the blocks of each dimension, the last one what is left.</summary>
    private static long Folds(int m, int mt, int k, int kt, int n, int nt, Func<long, long, long, long> perFold)
    {
        long total = 0;
        for (int i = 0; i < m; i += mt)
            for (int p = 0; p < k; p += kt)
                for (int j = 0; j < n; j += nt)
                    total += perFold(Math.Min(mt, m - i), Math.Min(kt, k - p), Math.Min(nt, n - j));
        return total;
    }
}
