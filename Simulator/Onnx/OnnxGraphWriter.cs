using Google.Protobuf;
using Onnx;

namespace Sim.Onnx;

/// <summary>
/// The pieces of an ONNX graph the models Sim writes itself are made of (<see cref="Networks.CnnOnnxModel"/>,
/// <see cref="Networks.SfuOnnxModel"/>): nodes with their attributes, initializers as little-endian raw data, and typed
/// graph inputs and outputs.
/// </summary>
internal static class OnnxGraphWriter
{
    /// <summary>Adds a node of <paramref name="op"/> reading <paramref name="inputs"/> and writing <paramref name="output"/>; returns it, for its attributes.</summary>
    public static NodeProto AddNode(this GraphProto g, string op, string name, IEnumerable<string> inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        g.Node.Add(node);
        return node;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>Adds an initializer of <paramref name="dims"/> (none: a scalar) holding <paramref name="littleEndian"/> as raw data.</summary>
    public static void AddInitializer(this GraphProto g, string name, OnnxElementType type, ReadOnlySpan<byte> littleEndian, params long[] dims)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian");
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        t.Dims.Add(dims);
        g.Initializer.Add(t);
    }

    /// <summary>A graph input or output: a symbolic first dimension <paramref name="batch"/> (none when null), then <paramref name="dims"/>.</summary>
    public static ValueInfoProto ValueInfo(string name, OnnxElementType type, string? batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        if (batch is not null) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
