using System.Security.Cryptography;
using System.Runtime.InteropServices;
using Sim.Accelerator;
using Sim.Config;
using Sim.Mapping;
using Sim.Operators;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tensors;
using Sim.Tests.Config;
using Sim.Workload;

namespace Sim.Tests.Run;

/// <summary>
/// Pins a few layers of a full ResNet-50 listing (pinned-resnet50.yaml beside this file), each offloaded alone, to what they gave before the simulator was made faster:
/// a hash of each output from the fast model and from the golden model separately (both must stay what
/// they were, not merely equal each other), a hash of the command stream, and the timed result. Any change
/// to the numerics, the tiling or the timing of these layers fails here.
/// </summary>
public class PinnedNetworkTests
{
    /// <summary>The listing on its hardware with Sim's first mapper and im2col read from DRAM, which reproduce the first results.</summary>
    private static readonly Lazy<ScenarioConfig> Scenario = new(() =>
    {
        var s = ScenarioLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "Simulator.Tests", "Run", "pinned-resnet50.yaml"));
        var hw = s.Hardware;
        return s with
        {
            Hardware = hw with
            {
                Mapper = hw.Mapper with { Mode = MapperMode.OrientationOnly },
                PeArray = hw.PeArray with { Im2Col = Im2ColSource.Dram },
            },
        };
    });

    /// <summary>
    /// layer: its output (the first 16 hex digits of its SHA-256; the fast and the golden model must each
    /// give it), its command stream (hashed likewise), and "cycles/compute/DRAM stall/link stall/bytes read/bytes written".
    /// The DRAM stalls changed on purpose twice: res4_1_proj's by one cycle when FR-FCFS stopped closing a row
    /// before its opener was served (RowHoldTests), and every layer's but avgpool's when the data bus took
    /// tRTRS = 1 cycle to switch between DDR4-2400's two ranks (cycles +0.003 % for pool1 to +8.8 % for
    /// res4_1_proj, whose im2col reads switch ranks often).
    /// </summary>
    private static readonly Dictionary<string, (string Output, string Steps, string Timing)> Expected = new()
    {
        ["conv1"] = ("751BFDC6876CC611", "1C288FCCC9DDB696", "297046/148940/107442/40570/3697344/802816"),
        ["conv1_relu"] = ("3AC09D06D7A39261", "DC1EFC5142DCDB02", "151639/25088/62227/64321/802816/802816"),
        ["pool1"] = ("37CCA151F3B88202", "2FCAA71E2AD309DB", "106143/56448/7619/42075/802816/200704"),
        ["res2_1_b"] = ("1801A07635BC4853", "E07719D75991BC37", "239616/136584/81745/21192/3649536/200704"),
        ["res3_1_b"] = ("CD076822445C8DC3", "E022E0D01C71B1F5", "261091/139968/92018/28986/3760128/100352"),
        ["res4_1_proj"] = ("DD951D8744A83DCC", "70DB0E60F0E79AA4", "292634/148480/97331/46615/3735552/200704"),
        ["res5_3_c"] = ("E9CEF1092097DE9A", "EE4E4CE1B96099C8", "173867/76608/48827/48374/2122240/100352"),
        ["avgpool"] = ("B929C845B0B2EEE1", "9ECAF1DFAA035E49", "18034/3136/6115/8783/100352/2048"),
        ["fc"] = ("D38E42570770D2ED", "B73E4F623B2741F8", "198768/68032/49930/80777/2050048/1000"),
    };

    private static IEnumerable<string> Layers => Expected.Keys;

    [TestCaseSource(nameof(Layers))]
    public void LayerIsAsPinned(string name)
    {
        var scenario = Scenario.Value;
        int index = scenario.Layers.ToList().FindIndex(l => l.Name == name);
        var layer = scenario.Layers[index];
        var (fast, golden, steps) = Outputs(scenario, layer, index);
        var result = new LayerRunner(scenario).Run(layer, index);
        var t = result.Timing;
        string timing = $"{t.Cycles}/{t.ComputeCycles}/{t.DramStallCycles}/{t.LinkStallCycles}/{result.DramBytesRead}/{result.DramBytesWritten}";

        var expected = Expected[name];
        Assert.That(result.BitExact, Is.True);
        Assert.That(fast, Is.EqualTo(expected.Output), "fast model's output");
        Assert.That(golden, Is.EqualTo(expected.Output), "golden model's output");
        Assert.That(steps, Is.EqualTo(expected.Steps), "command stream");
        Assert.That(timing, Is.EqualTo(expected.Timing), "timing");
    }

    /// <summary>The layer's outputs from each model and its command stream, hashed, drawn as the run draws them.</summary>
    private static (string Fast, string Golden, string Steps) Outputs(ScenarioConfig scenario, LayerSpec layer, int index)
    {
        var hw = scenario.Hardware;
        var data = new OperandGenerator(scenario.Seed, index);
        var zA = scenario.Data.ActivationZeroFraction;
        var vector = new VectorUnit(hw.VectorUnit, hw.Scratchpads.Input.CapacityBytes);
        switch (layer)
        {
            case Conv2DLayer c:
            {
                var f = c.FormatOn(hw);
                var (x, w) = LayerTensors.Conv(c, data, scenario.Data, f.Operands);
                var q = QuantParams.For(GemmShape.Of(c).K, f.Operands, f.Output);
                var operands = new ConvOperands(c, x, w);
                var run = GemmExecutor.Run(hw, GemmShape.Of(c), operands, new GemmNumerics(f, q.Multiplier, q.OutputZeroPoint));
                var order = hw.AccumulationOrder(f, run.Structured24);
                return (Hash(operands.Output.Data), Hash(GoldenReference.Conv(c, x, w, q, f, order).Output.Data), Hash(run.Steps));
            }
            case GemmLayer g:
            {
                var f = g.FormatOn(hw);
                var (a, w) = LayerTensors.Gemm(g, data, scenario.Data, f.Operands);
                var q = QuantParams.For(GemmShape.Of(g).K, f.Operands, f.Output);
                var operands = new MatrixOperands(g, a, w);
                var run = GemmExecutor.Run(hw, GemmShape.Of(g), operands, new GemmNumerics(f, q.Multiplier, q.OutputZeroPoint));
                var order = hw.AccumulationOrder(f, run.Structured24);
                return (Hash(operands.Output.Data), Hash(GoldenReference.Gemm(a, w, q, f, order).Output.Data), Hash(run.Steps));
            }
            case ReluLayer r:
            {
                var x = data.Int8(r.Shape, zA);
                return (Hash(VectorUnit.Relu(x).Data), Hash(GoldenReference.Relu(x).Data), Hash(vector.ReluSteps(x.Length)));
            }
            case PoolLayer p:
            {
                var x = data.Int8([p.Batch, p.Channels, p.InHeight, p.InWidth], zA);
                return (Hash(VectorUnit.Pool(p, x).Data), Hash(GoldenReference.Pool(p, x).Data), Hash(vector.PoolSteps(p)));
            }
            default:
                throw new InvalidOperationException(layer.Name);
        }
    }

    private static string Hash<T>(T[] data) where T : unmanaged =>
        Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(data.AsSpan())))[..16];

    private static string Hash(List<TileStep> steps) =>
        Hash(steps.SelectMany(s => new[]
        {
            s.Activations.Address, s.Activations.Bytes, s.Weights.Address, s.Weights.Bytes,
            s.ComputeCycles, s.Store.Address, s.Store.Bytes, s.ConflictCycles,
        }).ToArray());
}
