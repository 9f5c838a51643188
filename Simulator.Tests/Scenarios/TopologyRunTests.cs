using Sim.Cli;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;

namespace Sim.Tests.Scenarios;

/// <summary>`sim run TOPOLOGY.csv --hw CONFIG`: a SCALE-Sim topology runs on the hardware with seeded data, bit-exact.</summary>
public class TopologyRunTests
{
    private TempConfigDir _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempConfigDir();
        _dir.Write("hw.yaml", ConfigTestSupport.Hardware);
    }

    [TearDown] public void TearDown() => _dir.Dispose();

    [Test]
    public void BothFormsRunBitExactWithSCALESimsMacCounts()
    {
        string conv = _dir.Write("small.csv", """
            Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
            conv, 9, 10, 3, 3, 4, 8, 2,
            conv_DP, 7, 7, 3, 3, 8, 2, 1,
            """);
        string gemm = _dir.Write("mnk.csv", "Layer, M, N, K,\nqk, 16, 24, 40,\n");
        string hw = Path.Combine(_dir.Root, "hw.yaml");

        var convRun = ScenarioRunner.Run(ScenarioLoader.ForTopology(conv, hw, seed: 5));
        var gemmRun = ScenarioRunner.Run(ScenarioLoader.ForTopology(gemm, hw, seed: 5));

        Assert.Multiple(() =>
        {
            Assert.That(convRun.AllBitExact && gemmRun.AllBitExact, Is.True);
            Assert.That(convRun.Layers.Select(l => l.Type), Is.EqualTo(new[] { "conv2d", "depthwise" }));
            // SCALE-Sim's count, output pixels x window x filters: conv has ceil((9 - 3 + 2) / 2) = 4 by
            // ceil((10 - 3 + 2) / 2) = 5 outputs, 4 x 5 x (3 x 3 x 4) x 8 = 5,760; conv_DP 5 x 5 x (3 x 3) x 8 x 2 = 3,600.
            Assert.That(convRun.Layers.Select(l => l.Macs), Is.EqualTo(new long[] { 5_760, 3_600 }));
            Assert.That(gemmRun.Layers.Single().Macs, Is.EqualTo(16 * 24 * 40));
        });
    }

    [Test]
    public void TheCommandLineValidatesAndRunsATopologyAndNeedsHardware()
    {
        string topology = _dir.Write("small.csv", "Layer, M, N, K,\nqk, 16, 24, 40,\n");
        var validated = new StringWriter();
        Assert.That(SimCli.Run(["validate", topology], validated, new StringWriter()), Is.Zero);
        Assert.That(validated.ToString(), Is.EqualTo($"{topology}: ok (SCALE-Sim topology: 1 layer){Environment.NewLine}"));

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SimCli.Run(["run", topology, "--hw", Path.Combine(_dir.Root, "hw.yaml"), "--out", Path.Combine(_dir.Root, "report"), "--seed", "5"],
            stdout, stderr);
        Assert.That(code, Is.Zero, stderr.ToString());
        Assert.That(stdout.ToString(), Does.StartWith("scenario small: 1 layer on test-hw (4x8 PEs at 500 MHz), seed 5" + Environment.NewLine));
        Assert.That(stdout.ToString(), Does.Match(@"\nqk\s+gemm\s.*\s15,360\s.*\syes\n"));

        stderr = new StringWriter();
        Assert.That(SimCli.Run(["run", topology], new StringWriter(), stderr), Is.EqualTo(2));
        Assert.That(stderr.ToString(), Is.EqualTo($"error: {topology}: a SCALE-Sim topology needs --hw CONFIG (the hardware to run it on){Environment.NewLine}"));
    }

    /// <summary>The shipped example: ResNet-18's convolutions and classifier, 1.81 GMACs as the network has.</summary>
    [Test]
    public void TheResNet18ExampleIsResNet18()
    {
        var layers = Sim.Scenarios.ScaleSim.TopologyReader.Read(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "scalesim", "resnet18.csv"));
        Assert.That(layers, Has.Count.EqualTo(21));
        // Each row's IFMAP is the part of the padded input its windows read, so every output has ResNet-18's size.
        Assert.That(layers.Select(l => l.OutputShape[2]).Distinct(), Is.EqualTo(new[] { 112, 56, 28, 14, 7, 1 }));
        // Sum of output pixels x kernel area x input x output channels over ResNet-18's 20 convolutions and its
        // classifier, 112 x 112 x 49 x 3 x 64 for conv1 and so on.
        Assert.That(layers.Sum(l => Sim.Config.SimulationCost.Of(l).Macs), Is.EqualTo(1_814_073_344));
    }
}
