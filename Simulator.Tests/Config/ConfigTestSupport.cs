using Sim.Config;

namespace Sim.Tests.Config;

/// <summary>A temporary directory for test YAML files, deleted afterwards.</summary>
internal sealed class TempConfigDir : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sim-config-tests-" + Guid.NewGuid().ToString("N"));

    public TempConfigDir() => Directory.CreateDirectory(Root);

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> under the root and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

internal static class ConfigTestSupport
{
    /// <summary>
    /// A valid hardware file. Line numbers matter to the tests:
    /// 1 name, 2 pe_array, 3 rows, 4 cols, 5 dataflow, 6 clock_mhz, 7 number_format, 8 scratchpads,
    /// 9 input, 10 weight, 11 output, 12 memory, 13 latency_ns, 14 bandwidth_gbps, 15 vector_unit, 16 lanes.
    /// </summary>
    public const string Hardware = """
        name: test-hw
        pe_array:
          rows: 4
          cols: 8
          dataflow: weight_stationary
          clock_mhz: 500
        number_format: int8
        scratchpads:
          input:  { capacity_kib: 4, banks: 2, width_bytes: 8, ports: 1 }
          weight: { capacity_kib: 4, banks: 2, width_bytes: 8, ports: 1 }
          output: { capacity_kib: 4, banks: 2, width_bytes: 8, ports: 1 }
        memory:
          latency_ns: 50
          bandwidth_gbps: 10
        vector_unit:
          lanes: 8

        """;

    /// <summary>
    /// The top of a valid scenario naming hw.yaml in its own directory, up to and including
    /// <c>layers:</c> on line 7; layers follow from line 8.
    /// </summary>
    public const string ScenarioHead = """
        name: test-scenario
        hardware: hw.yaml
        seed: 3
        data:
          activation_zero_fraction: 0.5
          weight_zero_fraction: 0.25
        layers:

        """;

    public const string TwoLayers = """
          - { name: c1, type: conv2d, input: [1, 8, 10, 10], out_channels: 16, kernel: [3, 3] }
          - name: fc
            type: gemm
            m: 2
            k: 64
            n: 10

        """;

    /// <summary>The repository root (the directory holding Sim.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sim.sln")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Sim.sln not found above the test directory");
        }
    }

    /// <summary>Asserts that <paramref name="load"/> throws an <see cref="InputError"/> with exactly this message.</summary>
    public static InputError AssertError(TestDelegate load, string expected)
    {
        var e = Assert.Throws<InputError>(load);
        Assert.That(e!.Message, Is.EqualTo(expected));
        return e;
    }
}
