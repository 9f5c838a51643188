using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Sim.Graph;
using Sim.Onnx;
using Sim.Profiling;
using Sim.Report;
using Sim.Scenarios;
using Sim.Tensors;
using Sim.Tests.Report;

namespace Sim.Tests.Graph;

/// <summary>
/// `sim run MODEL.onnx` writes each graph output as outputs/NAME.pb (an ONNX TensorProto) and outputs/NAME.npy
/// (NumPy format 1.0): read back, each is the run's output tensor, type, shape and values.
/// </summary>
public class OutputFilesTests
{
    private const int F = 1, U8 = 2, I8 = 3, I32 = 6;

    private static GraphValue Ints(GraphElementType type, int[] shape, params int[] values) => GraphValue.Of(type, new Tensor<int>(shape, values));

    [Test]
    public void TheNpyHeaderIsNumPysFormat10()
    {
        var value = GraphValue.Of(new Tensor<float>([2, 3], [0, 1, 2, 3, 4, 5]));
        byte[] npy = NpyWriter.Encode(value);
        // numpy.lib.format 1.0: "\x93NUMPY", major 1, minor 0, HEADER_LEN as little-endian uint16, the header (a dict
        // literal padded with spaces and ended by '\n', so that magic, version, length and header take a multiple of
        // 64 bytes), then the data. The dict here is 59 characters: 10 + 59 + '\n' = 70, padded to 128, so HEADER_LEN
        // is 118 (0x76, 0x00) with 58 spaces, as np.save writes it.
        Assert.That(npy[..8], Is.EqualTo(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00 }));
        Assert.That(npy[8..10], Is.EqualTo(new byte[] { 0x76, 0x00 }));
        string header = Encoding.ASCII.GetString(npy, 10, 118);
        Assert.That(header, Is.EqualTo("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + new string(' ', 58) + "\n"));
        Assert.That(npy, Has.Length.EqualTo(128 + 6 * 4));
        Assert.That(npy[128..132], Is.EqualTo(new byte[] { 0, 0, 0, 0 }), "0.0f");
        Assert.That(npy[132..136], Is.EqualTo(new byte[] { 0x00, 0x00, 0x80, 0x3F }), "1.0f, little-endian");
    }

    [Test]
    public void EachElementTypeHasItsDtypeAndLittleEndianData()
    {
        Assert.Multiple(() =>
        {
            AssertNpy(Ints(GraphElementType.Int8, [3], -1, 0, 127), "|i1", "(3,)", [0xFF, 0x00, 0x7F]);
            AssertNpy(Ints(GraphElementType.UInt8, [1, 2], 255, 128), "|u1", "(1, 2)", [0xFF, 0x80]);
            AssertNpy(Ints(GraphElementType.Int32, [1], -2), "<i4", "(1,)", [0xFE, 0xFF, 0xFF, 0xFF]);
            AssertNpy(Ints(GraphElementType.Int64, [], 258), "<i8", "()", [0x02, 0x01, 0, 0, 0, 0, 0, 0]);
        });

        static void AssertNpy(GraphValue value, string descr, string shape, byte[] data)
        {
            byte[] npy = NpyWriter.Encode(value);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));
            Assert.That((10 + length) % 64, Is.Zero, descr);
            Assert.That(Encoding.ASCII.GetString(npy, 10, length).TrimEnd(' ', '\n'),
                Is.EqualTo($"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"));
            Assert.That(npy[(10 + length)..], Is.EqualTo(data), descr);
        }
    }

    [Test]
    public void OutputFileNamesAreSafeAndDistinct()
    {
        var taken = new HashSet<string>();
        Assert.That(new[] { "y", "dense/BiasAdd:0", "dense_BiasAdd_0", "..", "y" }.Select(n => OutputFiles.FileStem(n, taken)),
            Is.EqualTo(new[] { "y", "dense_BiasAdd_0", "dense_BiasAdd_0-2", "_..", "y-2" }));
    }

    /// <summary>Four outputs, float, int8, uint8 and int32, one of them read by another node and one named with a '/'.</summary>
    private static OrtGraph FourOutputs()
    {
        var r = new Random(5);
        var g = new OrtGraph().Input("x", F, 1, 2, 3, 4)
            .Constant("s", new[] { 0.05f }).Constant("z8", new sbyte[] { 0 }).Constant("zu8", new byte[] { 128 })
            .Constant("w", Enumerable.Range(0, 24 * 5).Select(_ => (sbyte)r.Next(-128, 128)).ToArray(), 24, 5)
            .Constant("wz", new sbyte[] { 0 });
        g.Node("Relu", ["x"], "act/relu");
        g.Node("QuantizeLinear", ["x", "s", "z8"], "q8");
        g.Node("Flatten", ["x"], "flat");
        g.Node("QuantizeLinear", ["flat", "s", "zu8"], "qu8");
        g.Node("MatMulInteger", ["qu8", "w", "zu8", "wz"], "mm");
        return g.Output("act/relu", F).Output("q8", I8).Output("qu8", U8).Output("mm", I32);
    }

    [Test]
    public void EveryGraphOutputIsWrittenAsPbAndNpyAndReadsBackAsTheRunsTensor()
    {
        string root = ReportTestSupport.NewTempDir("outputs");
        try
        {
            string model = FourOutputs().Save(root, "four");
            var scenario = ScenarioLoader.ForModel(model, ReportTestSupport.HardwarePath("ws-16x16-int8"), seed: 2);
            string report = Path.Combine(root, "report");
            var run = RunAndReport.Execute(scenario, report, RunPhases.Off).Run;
            Assert.That(run.Outputs.Keys, Is.EquivalentTo(new[] { "act/relu", "q8", "qu8", "mm" }));
            Assert.That(Directory.GetFiles(Path.Combine(report, "outputs")).Select(Path.GetFileName).Order(), Is.EqualTo(new[]
            {
                "act_relu.npy", "act_relu.pb", "mm.npy", "mm.pb", "q8.npy", "q8.pb", "qu8.npy", "qu8.pb",
            }));
            foreach (var (name, expected) in run.Outputs)
            {
                string stem = Path.Combine(report, "outputs", name.Replace('/', '_'));
                var proto = TensorProtoReader.ReadFile(stem + ".pb");
                Assert.That(proto.Name, Is.EqualTo(name));
                AssertSame(GraphValue.FromProto(proto, name), expected, name + ".pb");
                AssertSame(ReadNpy(stem + ".npy"), expected, name + ".npy");
            }
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static void AssertSame(GraphValue actual, GraphValue expected, string what)
    {
        Assert.That(actual.Type, Is.EqualTo(expected.Type), what);
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), what);
        if (expected.IsFloat) Assert.That(actual.Floats.Data, Is.EqualTo(expected.Floats.Data), what);
        else Assert.That(actual.Ints.Data, Is.EqualTo(expected.Ints.Data), what);
    }

    /// <summary>An .npy file of format 1.0 read by its specification, for the dtypes sim writes.</summary>
    private static GraphValue ReadNpy(string path)
    {
        byte[] npy = File.ReadAllBytes(path);
        Assert.That(npy[..8], Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }), path);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));
        var header = Regex.Match(Encoding.ASCII.GetString(npy, 10, length),
            @"^\{'descr': '(?<descr>[<|][a-z]\d)', 'fortran_order': False, 'shape': \((?<shape>[\d, ]*)\), \} *\n$");
        Assert.That(header.Success, Is.True, path);
        int[] shape = header.Groups["shape"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        byte[] data = npy[(10 + length)..];
        int n = shape.Aggregate(1, (a, d) => a * d);
        return header.Groups["descr"].Value switch
        {
            "<f4" => GraphValue.Of(new Tensor<float>(shape, Enumerable.Range(0, n).Select(i => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * i))).ToArray())),
            "|i1" => Ints(GraphElementType.Int8, shape, data.Select(b => (int)(sbyte)b).ToArray()),
            "|u1" => Ints(GraphElementType.UInt8, shape, data.Select(b => (int)b).ToArray()),
            "<i4" => Ints(GraphElementType.Int32, shape, Enumerable.Range(0, n).Select(i => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(4 * i))).ToArray()),
            var other => throw new AssertionException($"{path}: unexpected dtype {other}"),
        };
    }
}
