using Sim.Cli;
using Sim.Config;
using Sim.Tests.Config;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Cli;

/// <summary>
/// Messages that neither leak nor mislead: a file read by mistake is not printed, a value is quoted as a short
/// escaped excerpt, a path of the wrong kind is called that, a tab and a misspelled layer type are placed where they
/// are. Each case is the exact one line on stderr and exit code 2.
/// </summary>
public class InputMessageTests
{
    private TempConfigDir _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempConfigDir();
        _dir.Write("hw.yaml", Hardware);
    }

    [TearDown] public void TearDown() => _dir.Dispose();

    private static void AssertError(string[] args, string line)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SimCli.Run(args, stdout, stderr);
        Assert.That((code, stdout.ToString(), stderr.ToString()), Is.EqualTo((2, "", line + Environment.NewLine)));
    }

    private string Scenario(string layers) => _dir.Write("s.yaml", ScenarioHead + layers);

    private const string Gemm = "  - { name: fc, type: gemm, m: 1, k: 2, n: 3 }\n";

    [Test]
    public void AnOutputFileUnderAFileIsRefusedBeforeTheRun()
    {
        // It used to fail after the run, when the CSV was written: exit 70.
        string file = _dir.Write("plain.txt", "not a folder\n");
        string trace = Path.Combine(RepoRoot, "scenarios", "dram", "row-hit.trace");
        AssertError(["dram", "--preset", "ddr4-2400", "--trace", trace, "--requests", Path.Combine(file, "r.csv")],
            $"error: --requests {Path.Combine(file, "r.csv")}: is under {file}, which is a file, not a folder");
    }

    /// <summary>
    /// Checked without running a command that writes: if the check failed, the write (to a file beside it, renamed over it)
    /// would replace the device node.
    /// </summary>
    [Test]
    public void ADeviceIsNoOutputFile()
    {
        var e = Assert.Throws<InputError>(() => InputPath.RequireWritableFile("/dev/null", "--out /dev/null"))!;
        Assert.That(e.Message, Is.EqualTo("error: --out /dev/null: is a device or special file, not a file to write"));
    }

    [Test]
    public void APasswordFileIsNotPrinted()
    {
        string path = _dir.Write("passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        AssertError(["validate", path],
            $"{path}:1:1: error: expected a mapping of keys at the top level (a hardware configuration, scenario, sweep, regression suite, DRAM part, energy or area table), got plain text");
    }

    [Test]
    public void AShadowFileNamedAsTheHardwareIsNotPrinted()
    {
        // Its lines end in ':', so YAML reads each as a key.
        string shadow = _dir.Write("shadow", "root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n");
        string path = _dir.Write("s.yaml", ScenarioHead.Replace("hardware: hw.yaml", "hardware: shadow") + Gemm);
        AssertError(["validate", path],
            $"{shadow}:1:1: error: none of the top-level keys is one this file takes (expected one of: name, pe_array, number_format, " +
            "accumulator, sparsity, scratchpads, memory, vector_unit, sfu, host_link, dma, energy, mapper, area, technology_nm, cores, noc); is it the right file?");
    }

    [Test]
    public void ALongValueIsQuotedAsAShortExcerpt()
    {
        string path = _dir.Write("s.yaml", ScenarioHead.Replace("seed: 3", "seed: " + new string('x', 500)) + Gemm);
        AssertError(["validate", path], $"{path}:3:7: error: seed: expected a non-negative integer, got {new string('x', 37)}...");
    }

    [Test]
    public void ControlCharactersInAValueAreEscaped()
    {
        string path = _dir.Write("s.yaml", ScenarioHead.Replace("seed: 3", "seed: \"a\\e[31mb\\0\"") + Gemm);
        AssertError(["validate", path], $"{path}:3:7: error: seed: expected a non-negative integer, got the string \"a\\u001B[31mb\\u0000\"");
    }

    [Test]
    public void ATabInTheIndentationIsPlacedAtItsOwnLineAndColumn()
    {
        // Line 8 starts the layer, line 9 is indented by a tab; YamlDotNet reports it at the end of line 8.
        string path = Scenario("  - name: fc\n\ttype: gemm\n");
        AssertError(["validate", path], $"{path}:9:1: error: YAML syntax error: a tab in the indentation (YAML indents with spaces only)");
        path = Scenario("  - name: fc\n    type: gemm\n  \t  m: 1\n");
        AssertError(["validate", path], $"{path}:10:3: error: YAML syntax error: a tab in the indentation (YAML indents with spaces only)");
    }

    [Test]
    public void AMisspelledTypeKeyIsAnUnknownKeyNotAMissingOne()
    {
        const string types = "conv2d, depthwise, gemm, matmul, relu, clip, maxpool, avgpool, add, exp, sigmoid, tanh, gelu, softmax, layernorm, hardsigmoid, hardswish";
        string path = Scenario("  - { name: fc, typ: gemm, m: 1, k: 2, n: 3 }\n");
        AssertError(["validate", path], $"{path}:8:17: error: unknown key 'typ' in layers[0]; did you mean 'type'? (the layer's type: one of {types})");
        path = Scenario("  - { name: fc, tpye: gemm, m: 1, k: 2, n: 3 }\n");
        AssertError(["validate", path], $"{path}:8:17: error: unknown key 'tpye' in layers[0]; did you mean 'type'? (the layer's type: one of {types})");
    }

    [Test]
    public void AMisspelledTypeIsAnUnknownTypeWithASuggestion()
    {
        string path = Scenario("  - { name: fc, type: gemn, m: 1, k: 2, n: 3 }\n");
        AssertError(["validate", path],
            $"{path}:8:23: error: layers[0].type: unknown value 'gemn' (expected one of: conv2d, depthwise, gemm, matmul, relu, clip, maxpool, avgpool, add, exp, sigmoid, tanh, gelu, softmax, layernorm, hardsigmoid, hardswish); did you mean 'gemm'?");
    }

    [Test]
    public void AFolderWhereAFileBelongsIsCalledAFolder()
    {
        string folder = Path.Combine(_dir.Root, "model.onnx");
        Directory.CreateDirectory(folder);
        AssertError(["run", folder, "--hw", Path.Combine(_dir.Root, "hw.yaml")], $"error: {folder}: is a directory, not a file");
        AssertError(["validate", _dir.Root], $"error: {_dir.Root}: is a directory, not a file");
        AssertError(["sweep", "export", "results.db", "--csv", _dir.Root], $"error: --csv {_dir.Root}: is a directory, not a file");
        string path = _dir.Write("s.yaml", ScenarioHead.Replace("layers:\n", "model: model.onnx\n"));
        AssertError(["validate", path], $"{path}:7:8: error: model: 'model.onnx' (resolved to '{folder}'): is a directory, not a file");
    }

    [Test]
    public void AFileWhereAFolderBelongsIsCalledAFile()
    {
        string file = Path.Combine(_dir.Root, "hw.yaml");
        AssertError(["report", file], $"error: {file}: is a file, not a folder");
        AssertError(["sweep", "export", "results.db", "--plots", file], $"error: --plots {file}: is a file, not a folder");
    }

    [Test]
    public void ADeviceWhereAFileBelongsIsPlacedAtTheKeyThatNamesIt()
    {
        // /dev/zero exists and says it is empty, but never ends: the key that names it is the place to fix.
        string path = _dir.Write("s.yaml", ScenarioHead.Replace("hardware: hw.yaml", "hardware: /dev/zero") + Gemm);
        AssertError(["validate", path], $"{path}:2:11: error: hardware: '/dev/zero': is a device or special file, not a hardware configuration file");
        AssertError(["validate", "/dev/zero"], "error: /dev/zero: is a device or special file, not a file");
    }
}
