using Onnx;
using Sim.Cli;

namespace Sim.Tests.Cli;

/// <summary>`sim model`: writes the networks Sim builds itself; bad arguments are one line and exit 2, with nothing written.</summary>
public class ModelCommandTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "sim-model-command-" + Environment.ProcessId);

    private static (int Code, string Out, string Err) Sim(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SimCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void WritesTheBlockAsAnOnnxModel()
    {
        string path = Path.Combine(Folder, "block.onnx");
        var (code, stdout, stderr) = Sim("model", "mobilenetv3-block", "--seed", "2", "--out", path);
        Assert.That((code, stderr), Is.EqualTo((0, "")));
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        // 112 -> 672 (1x1), 672 depthwise 3x3, 672 -> 168 -> 672 (1x1), 672 -> 112 (1x1), each with a bias.
        long parameters = 112 * 672 + 672 + 672 * 9 + 672 + 672 * 168 + 168 + 168 * 672 + 672 + 672 * 112 + 112;
        Assert.That(stdout, Does.StartWith($"wrote {path}: 12 nodes, {parameters:N0} parameters (opset 20)"));
        Assert.That(model.Graph.Node.Select(n => n.OpType).Distinct(),
            Is.EquivalentTo(new[] { "Conv", "HardSwish", "GlobalAveragePool", "Relu", "Sigmoid", "Mul", "Add" }));
    }

    [Test]
    public void BadArgumentsAreOneLine()
    {
        Assert.That(Sim("model", "bert-encoder", "--seq-len", "0", "--out", Path.Combine(Folder, "x.onnx")),
            Is.EqualTo((2, "", "error: --seq-len: expected 1 to 4096 tokens, got 0" + Environment.NewLine)));
        Directory.CreateDirectory(Folder);
        var (code, stdout, stderr) = Sim("model", "bert-encoder", "--out", Folder);
        Assert.That((code, stdout), Is.EqualTo((2, "")));
        Assert.That(stderr, Does.StartWith($"error: --out {Folder}: ").And.Contain("directory").And.EndWith(Environment.NewLine));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }
}
