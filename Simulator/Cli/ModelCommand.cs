using System.CommandLine;
using Google.Protobuf;
using Onnx;
using Sim.Config;
using Sim.Networks;
using Sim.Report;

namespace Sim.Cli;

/// <summary>
/// `sim model bert-encoder|mobilenetv3-block [--seed N] [--out FILE]`: writes one of the float networks Sim builds
/// itself, with seeded weights, as an ONNX model for <c>sim run MODEL.onnx --hw CONFIG</c> (and for ONNX Runtime).
/// </summary>
internal static class ModelCommand
{
    public const string SfuHardware = "configs/ws-16x16-bf16-sfu.yaml";

    public static Command Create() => new("model", "Write a network Sim builds itself (seeded weights) as an ONNX model")
    {
        Subcommand("bert-encoder", "One BERT-base encoder layer (hidden 768, 12 heads, FFN 3072): attention, GELU FFN, two LayerNorms",
            (seed, sequence) => BertEncoderModel.Build(BertDims.Base with { SequenceLength = sequence }, seed), sequenceLength: true),
        Subcommand("mobilenetv3-block", "A MobileNetV3-Large bottleneck (112 -> 672 -> 112 channels at 14x14) with HardSwish and squeeze-and-excitation",
            (seed, _) => MobileNetV3BlockModel.Build(MobileNetV3BlockDims.Large14, seed), sequenceLength: false),
    };

    private static Command Subcommand(string name, string description, Func<int, int, ModelProto> build, bool sequenceLength)
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the weights", DefaultValueFactory = _ => 1 };
        var sequence = new Option<int>("--seq-len") { Description = "Tokens in the sequence", DefaultValueFactory = _ => BertDims.Base.SequenceLength };
        var output = new Option<string>("--out") { Description = "The ONNX file to write", DefaultValueFactory = _ => Path.Combine("reports", "models", name + ".onnx") };
        var command = new Command(name, description) { seed, output };
        if (sequenceLength) command.Add(sequence);
        command.SetAction(parse => Execute(() => build(parse.GetValue(seed), sequenceLength ? parse.GetValue(sequence) : 0),
            parse.GetValue(output)!, sequenceLength ? parse.GetValue(sequence) : null, parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Execute(Func<ModelProto> build, string path, int? sequenceLength, TextWriter stdout)
    {
        if (sequenceLength is < 1 or > 4096) throw new InputError($"--seq-len: expected 1 to 4096 tokens, got {sequenceLength}");
        InputPath.RequireWritableFile(path, $"--out {path}");
        var model = build();
        AtomicFile.Write(path, model.ToByteArray());
        long parameters = model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (p, d) => p * d));
        stdout.WriteLine($"wrote {path}: {model.Graph.Node.Count} nodes, {parameters:N0} parameters (opset {model.OpsetImport[0].Version})");
        stdout.WriteLine($"run it: sim run {path} --hw {SfuHardware}");
        return 0;
    }
}
