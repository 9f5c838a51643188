using Sim.Sweep;
using Sim.Tests.Config;
using static Sim.Tests.Sweep.SweepTestSupport;

namespace Sim.Tests.Sweep;

/// <summary>A point's key is a hash of its resolved configuration: spellings do not matter, values do.</summary>
public class ConfigHashTests
{
    [Test]
    public void TwoSpellingsOfOneConfigurationAreOneKey()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, """
            axes:
              spelling:
                - { hardware.scratchpads.input: { capacity_kib: 8, banks: 2, width_bytes: 8, ports: 1 } }
                - { hardware.scratchpads.input: { capacity_bytes: 8192, banks: 2, width_bytes: 8, ports: 1 } }
                - { hardware.scratchpads.input.capacity_kib: 0x8 }
            """);
        var keys = Resolve(sweep).Select(p => p.Key).ToList();
        Assert.That(keys.Distinct().Count(), Is.EqualTo(1), string.Join("\n", keys));
        Assert.That(keys[0], Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void TheSameSweepGivesTheSameKeysAgainAndFromAnotherDirectory()
    {
        using var a = new TempConfigDir();
        using var b = new TempConfigDir();
        const string body = "axes:\n  hardware.pe_array.rows: [4, 8]\n";
        var first = Resolve(WriteSweep(a, body)).Select(p => p.Key).ToList();
        var again = Resolve(WriteSweep(a, body)).Select(p => p.Key).ToList();
        var elsewhere = Resolve(WriteSweep(b, body)).Select(p => p.Key).ToList();
        Assert.That(again, Is.EqualTo(first));
        Assert.That(elsewhere, Is.EqualTo(first), "file paths are not part of the configuration");
    }

    [Test]
    public void AnOnnxModelIsKeyedByItsBytesNotItsPath()
    {
        using var a = new TempConfigDir();
        using var b = new TempConfigDir();
        string hw = Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-bf16-sfu.yaml");
        byte[] model = Sim.Networks.SfuOnnxModel.Bytes();
        string Key(TempConfigDir dir, string file, byte[] bytes)
        {
            string path = Path.Combine(dir.Root, file);
            File.WriteAllBytes(path, bytes);
            return ConfigHash.Key(Sim.Scenarios.ScenarioLoader.ForModel(path, hw, seed: 1) with { Name = "m" });
        }
        string first = Key(a, "m.onnx", model);
        Assert.That(Key(b, "m.onnx", model), Is.EqualTo(first), "the same model elsewhere");
        // The same graph under another producer name: other bytes, another point.
        var changed = Sim.Networks.SfuOnnxModel.Build();
        changed.ProducerName = "another";
        Assert.That(Key(b, "m2.onnx", Google.Protobuf.MessageExtensions.ToByteArray(changed)), Is.Not.EqualTo(first));
    }

    [Test]
    public void AnyChangeOfValueIsAnotherKey()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, """
            axes:
              change:
                - { scenario.seed: 3 }
                - { scenario.seed: 4 }
                - { hardware.pe_array.rows: 8 }
                - { hardware.memory.latency_ns: 51 }
                - { scenario.data.weight_zero_fraction: 0.5 }
                - "scenario.layers[c1].out_channels": 8
                - { hardware.vector_unit.lanes: 16 }
            """);
        var keys = Resolve(sweep).Select(p => p.Key).ToList();
        Assert.That(keys.Skip(1).Distinct().Count(), Is.EqualTo(keys.Count - 1));
        Assert.That(keys[0], Is.Not.AnyOf(keys.Skip(1).ToArray()));
    }

    [Test]
    public void ADramPresetByNameOrByItsFileIsOneKey()
    {
        using var dir = new TempConfigDir();
        string preset = Path.Combine(AppContext.BaseDirectory, "configs", "dram", "hbm2.yaml");
        Assume.That(File.Exists(preset), Is.True, preset);
        string sweep = WriteSweep(dir, $"axes:\n  hardware.memory:\n    - {{ dram: hbm2, channels: 2 }}\n    - {{ dram: '{preset}', channels: 2 }}\n");
        var keys = Resolve(sweep).Select(p => p.Key).ToList();
        Assert.That(keys[1], Is.EqualTo(keys[0]));
    }
}
