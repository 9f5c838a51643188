using Sim.Config;
using Sim.Run;
using Sim.Scenarios;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Config;

/// <summary>A scenario's batch: every layer's batch dimension (a GEMM's rows) times it; bad values one clear line.</summary>
public class ScenarioBatchTests
{
    private TempConfigDir _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempConfigDir();
        _dir.Write("hw.yaml", Hardware);
    }

    [TearDown] public void TearDown() => _dir.Dispose();

    private string Write(string text) => _dir.Write("scenario.yaml", text);

    [Test]
    public void EveryLayerTakesTheBatch()
    {
        var s = ScenarioLoader.Load(Write(ScenarioHead.Replace("seed: 3", "seed: 3\nbatch: 4") + TwoLayers +
            "  - { name: r, type: relu, input: [1, 16, 8, 8] }\n"));
        Assert.That(s.Batch, Is.EqualTo(4));
        Assert.That(((Conv2DLayer)s.Layers[0]).Batch, Is.EqualTo(4));
        Assert.That(((GemmLayer)s.Layers[1]).M, Is.EqualTo(2 * 4));
        Assert.That(((ReluLayer)s.Layers[2]).Shape, Is.EqualTo(new[] { 4, 16, 8, 8 }));
    }

    [Test]
    public void OneUnlessGiven() => Assert.That(ScenarioLoader.Load(Write(ScenarioHead + TwoLayers)).Batch, Is.EqualTo(1));

    [TestCase("batch: 0")]
    [TestCase("batch: two")]
    public void ABadBatchIsOneLine(string line)
    {
        string path = Write(ScenarioHead.Replace("seed: 3", "seed: 3\n" + line) + TwoLayers);
        Assert.That(() => ScenarioLoader.Load(path), Throws.TypeOf<InputError>().With.Message.StartsWith($"{path}:4:8: error: batch: "));
    }

    [Test]
    public void ThroughputIsTheBatchOverTheLatency()
    {
        // A batch of 4 run in 2,000 cycles at 1,000 MHz: 2 us, so 2 x 10^6 inferences a second, the energy a quarter each.
        var s = ScenarioLoader.Load(Write(ScenarioHead.Replace("seed: 3", "seed: 3\nbatch: 4") + TwoLayers));
        var run = RunSummary.Of(s with { Hardware = s.Hardware with { PeArray = s.Hardware.PeArray with { ClockMhz = 1000 } } }, [], 0)
            with { ProgramCycles = 2000 };
        Assert.That(run.InferencesPerSecond, Is.EqualTo(2e6).Within(1e-6));
        Assert.That(ReportWriter.SummaryJson(run), Does.Contain("\"batch\": 4").And.Contain("\"inferences_per_s\": 2000000"));
    }
}
