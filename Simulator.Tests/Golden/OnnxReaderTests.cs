using Google.Protobuf;
using Onnx;
using Sim.Config;
using Sim.Onnx;

namespace Sim.Tests.Golden;

[TestFixture]
public class OnnxReaderTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "sim-onnx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void TruncatedModelRaisesInputError()
    {
        // Field 7 (graph), length-delimited, claims 16 bytes but only 2 follow.
        var path = Path.Combine(_dir, "bad.onnx");
        File.WriteAllBytes(path, [0x3A, 0x10, 0x01, 0x02]);
        var e = Assert.Throws<InputError>(() => OnnxModelReader.Load(path));
        Assert.That(e!.Message, Does.Contain("bad.onnx").And.Contain("not a valid ONNX model").And.Not.Contain("\n"));
    }

    [Test]
    public void MissingFileRaisesInputError()
    {
        var path = Path.Combine(_dir, "absent.onnx");
        Assert.Throws<InputError>(() => OnnxModelReader.Load(path));
        Assert.Throws<InputError>(() => TensorProtoReader.ReadFile(path));
    }

    [Test]
    public void TruncatedTensorFileRaisesInputError()
    {
        var t = new TensorProto { DataType = (int)OnnxElementType.Float, RawData = ByteString.CopyFrom(new byte[400]) };
        t.Dims.Add(100);
        var bytes = t.ToByteArray();
        var path = Path.Combine(_dir, "input_0.pb");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InputError>(() => TensorProtoReader.ReadFile(path));
        Assert.That(e!.Message, Does.Contain("input_0.pb"));
    }

    [Test]
    public void RawDataOfWrongSizeRaisesInputError()
    {
        var t = new TensorProto { Name = "w", DataType = (int)OnnxElementType.Float, RawData = ByteString.CopyFrom(new byte[6]) };
        t.Dims.Add(2);
        var e = Assert.Throws<InputError>(() => TensorProtoReader.ToFloat(t));
        Assert.That(e!.Message, Does.Contain("'w'").And.Contain("6 bytes"));
    }

    [Test]
    public void ReadsTypedFieldsAndRawData()
    {
        var f = new TensorProto { DataType = (int)OnnxElementType.Float };
        f.Dims.Add(2); f.Dims.Add(1);
        f.FloatData.Add([1.5f, -2f]);
        var i8 = new TensorProto { DataType = (int)OnnxElementType.Int8, RawData = ByteString.CopyFrom(0xFF, 0x7F, 0x80) };
        i8.Dims.Add(3);
        var u8 = new TensorProto { DataType = (int)OnnxElementType.UInt8 };
        u8.Dims.Add(2);
        u8.Int32Data.Add([200, 7]);
        var i64 = new TensorProto { DataType = (int)OnnxElementType.Int64 };
        i64.Int64Data.Add(-9); // scalar: no dims
        var d = new TensorProto { DataType = (int)OnnxElementType.Double };
        d.DoubleData.Add(0.25);
        Assert.Multiple(() =>
        {
            var ft = TensorProtoReader.ToFloat(f);
            Assert.That(ft.Shape, Is.EqualTo(new[] { 2, 1 }));
            Assert.That(ft.Data, Is.EqualTo(new[] { 1.5f, -2f }));
            Assert.That(TensorProtoReader.ToInt(i8).Data, Is.EqualTo(new[] { -1, 127, -128 }));
            Assert.That(TensorProtoReader.ToInt(u8).Data, Is.EqualTo(new[] { 200, 7 }));
            Assert.That(TensorProtoReader.ToInt(i64).Data, Is.EqualTo(new[] { -9 }));
            Assert.That(TensorProtoReader.ToFloat(d).Data, Is.EqualTo(new[] { 0.25f }));
        });
    }

    [Test]
    public void WrongElementTypeRaisesInputError()
    {
        var t = new TensorProto { Name = "s", DataType = (int)OnnxElementType.String };
        Assert.Multiple(() =>
        {
            Assert.Throws<InputError>(() => TensorProtoReader.ToFloat(t));
            Assert.Throws<InputError>(() => TensorProtoReader.ToInt(t));
        });
    }

    [Test]
    public void ReadsNodeAttributes()
    {
        var node = new NodeProto { OpType = "Conv" };
        var strides = new AttributeProto { Name = "strides", Type = AttributeProto.Types.AttributeType.Ints };
        strides.Ints.Add([2, 3]);
        node.Attribute.Add(strides);
        node.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = 4 });
        node.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 0.5f });
        node.Attribute.Add(new AttributeProto { Name = "auto_pad", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("VALID") });
        Assert.Multiple(() =>
        {
            Assert.That(NodeAttributes.GetInts(node, "strides"), Is.EqualTo(new[] { 2, 3 }));
            Assert.That(NodeAttributes.GetInts(node, "pads"), Is.Null);
            Assert.That(NodeAttributes.GetInt(node, "group", 1), Is.EqualTo(4));
            Assert.That(NodeAttributes.GetInt(node, "missing", 7), Is.EqualTo(7));
            Assert.That(NodeAttributes.GetFloat(node, "alpha", 1f), Is.EqualTo(0.5f));
            Assert.That(NodeAttributes.GetString(node, "auto_pad", "NOTSET"), Is.EqualTo("VALID"));
            Assert.Throws<InputError>(() => NodeAttributes.GetFloat(node, "group", 1f));
        });
    }
}
