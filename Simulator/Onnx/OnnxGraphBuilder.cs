using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Sim.Onnx;

/// <summary>
/// Writes an ONNX graph the way the networks Sim builds itself need it: inputs and outputs with fixed shapes,
/// initializers as little-endian raw data, nodes with their attributes, and the model around them at one opset
/// of the default domain. The node names are the output names, so a report row names the tensor it made.
/// </summary>
internal sealed class OnnxGraphBuilder(string name)
{
    private readonly GraphProto _graph = new() { Name = name };

    public OnnxGraphBuilder Input(string name, OnnxElementType type, params long[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return this;
    }

    public OnnxGraphBuilder Output(string name, OnnxElementType type, params long[] dims)
    {
        _graph.Output.Add(ValueInfo(name, type, dims));
        return this;
    }

    /// <summary>A float32 initializer; returns its name.</summary>
    public string Floats(string name, float[] values, params long[] dims) =>
        Initializer(name, OnnxElementType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    /// <summary>An int64 initializer (Reshape's shape); returns its name.</summary>
    public string Int64s(string name, long[] values, params long[] dims) =>
        Initializer(name, OnnxElementType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public string Initializer(string name, OnnxElementType type, ReadOnlySpan<byte> littleEndian, params long[] dims)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian");
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        t.Dims.Add(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>A node named after its output; returns the output's name.</summary>
    public string Node(string opType, string output, string[] inputs, params AttributeProto[] attributes) =>
        Node(opType, output, output, inputs, attributes);

    /// <summary>A node with a name of its own; returns the output's name.</summary>
    public string Node(string opType, string name, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    /// <summary>The model: IR version 9 (ONNX 1.14, the first that carries opsets past 18) for opsets above 18, else 8.</summary>
    public ModelProto Model(int opset, string producer, string docString)
    {
        var model = new ModelProto { IrVersion = opset > 18 ? 9 : 8, ProducerName = producer, ProducerVersion = "1", Graph = _graph, DocString = docString };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    /// <summary>Dimensions of -1 are symbolic, named N (the batch).</summary>
    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
