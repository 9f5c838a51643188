using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Sim.Tests.Oracle;

/// <summary>ONNX element types used by the oracle tests (values of <c>TensorProto.data_type</c>).</summary>
internal enum ElemType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
}

/// <summary>
/// A one-node ONNX model built in memory with OnnxSharp's protobuf types and run by ONNX Runtime:
/// the oracle side of the tests in this folder. Runtime inputs are fed as OrtValues; constant
/// operands (weights, scales, zero points, bias) become initializers, as in a real exported model.
/// ORT's graph optimizations are off, so each case runs the operator's own CPU kernel.
/// </summary>
internal sealed class OrtModel
{
    public const int Opset = 17;

    private static readonly SessionOptions Options = new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };

    private readonly GraphProto _graph = new() { Name = "oracle" };
    private int _opset = Opset;
    private readonly List<(string Name, Func<OrtValue> Make)> _feeds = [];
    private readonly NodeProto _node;
    private string? _output;

    public OrtModel(string opType)
    {
        _node = new NodeProto { OpType = opType, Name = opType.ToLowerInvariant() };
        _graph.Node.Add(_node);
    }

    /// <summary>A graph input fed at run time.</summary>
    public OrtModel Input<T>(string name, T[] data, int[] shape) where T : unmanaged
    {
        _graph.Input.Add(ValueInfo(name, ElemTypeOf<T>(), shape));
        _node.Input.Add(name);
        var dims = shape.Select(d => (long)d).ToArray();
        _feeds.Add((name, () => OrtValue.CreateTensorValueFromMemory(data, dims)));
        return this;
    }

    /// <summary>A constant operand (initializer). An empty shape makes a scalar.</summary>
    public OrtModel Constant<T>(string name, T[] data, params int[] shape) where T : unmanaged
    {
        var t = new TensorProto { Name = name, DataType = (int)ElemTypeOf<T>() };
        foreach (var d in shape) t.Dims.Add(d);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan()));
        _graph.Initializer.Add(t);
        _node.Input.Add(name);
        return this;
    }

    /// <summary>An omitted optional input (an empty name), to reach a later optional one.</summary>
    public OrtModel Omitted()
    {
        _node.Input.Add("");
        return this;
    }

    /// <summary>Another default-domain opset than <see cref="Opset"/> (Gelu needs 20).</summary>
    public OrtModel WithOpset(int opset)
    {
        _opset = opset;
        return this;
    }

    public OrtModel Attribute(string name, string value)
    {
        _node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });
        return this;
    }

    public OrtModel Attribute(string name, long value)
    {
        _node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return this;
    }

    public OrtModel Attribute(string name, float value)
    {
        _node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
        return this;
    }

    public OrtModel Attribute(string name, params int[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        foreach (var v in values) a.Ints.Add(v);
        _node.Attribute.Add(a);
        return this;
    }

    /// <summary>The node's single output, with its element type and (known) shape.</summary>
    public OrtModel Output<T>(string name, int[] shape) where T : unmanaged
    {
        _graph.Output.Add(ValueInfo(name, ElemTypeOf<T>(), shape));
        _node.Output.Add(name);
        _output = name;
        return this;
    }

    public byte[] Serialize()
    {
        // IR version 9 is ONNX 1.14's, the first that carries opsets past 18.
        var model = new ModelProto { IrVersion = _opset > 18 ? 9 : 8, ProducerName = "sim-oracle-tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = _opset });
        return model.ToByteArray();
    }

    /// <summary>Runs the model in a new session; returns the output's data and shape.</summary>
    public (T[] Data, int[] Shape) Run<T>() where T : unmanaged
    {
        if (_output is null) throw new InvalidOperationException("the model has no output");
        using var session = new InferenceSession(Serialize(), Options);
        var values = _feeds.Select(f => f.Make()).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, _feeds.Select(f => f.Name).ToList(), values, [_output]);
            var y = results[0];
            var shape = y.GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray();
            return (y.GetTensorDataAsSpan<T>().ToArray(), shape);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private static ValueInfoProto ValueInfo(string name, ElemType type, int[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }

    private static ElemType ElemTypeOf<T>() => typeof(T) switch
    {
        var t when t == typeof(float) => ElemType.Float,
        var t when t == typeof(byte) => ElemType.UInt8,
        var t when t == typeof(sbyte) => ElemType.Int8,
        var t when t == typeof(int) => ElemType.Int32,
        var t when t == typeof(long) => ElemType.Int64,
        var t => throw new NotSupportedException($"no ONNX element type for {t.Name}"),
    };
}

/// <summary>Quantized (int8/uint8) operands held as ints, as the golden model holds them.</summary>
internal static class OrtModelQuantizedExtensions
{
    public static OrtModel QInput(this OrtModel m, string name, int[] data, Sim.Golden.QuantizedType type, int[] shape) =>
        type == Sim.Golden.QuantizedType.Int8
            ? m.Input(name, data.Select(v => checked((sbyte)v)).ToArray(), shape)
            : m.Input(name, data.Select(v => checked((byte)v)).ToArray(), shape);

    public static OrtModel QConstant(this OrtModel m, string name, int[] data, Sim.Golden.QuantizedType type, params int[] shape) =>
        type == Sim.Golden.QuantizedType.Int8
            ? m.Constant(name, data.Select(v => checked((sbyte)v)).ToArray(), shape)
            : m.Constant(name, data.Select(v => checked((byte)v)).ToArray(), shape);

    public static OrtModel QOutput(this OrtModel m, string name, Sim.Golden.QuantizedType type, int[] shape) =>
        type == Sim.Golden.QuantizedType.Int8 ? m.Output<sbyte>(name, shape) : m.Output<byte>(name, shape);

    /// <summary>Runs a model whose output is int8 or uint8; returns the values as ints.</summary>
    public static (int[] Data, int[] Shape) RunQuantized(this OrtModel m, Sim.Golden.QuantizedType type)
    {
        if (type == Sim.Golden.QuantizedType.Int8)
        {
            var (d, s) = m.Run<sbyte>();
            return (d.Select(v => (int)v).ToArray(), s);
        }
        var (u, shape) = m.Run<byte>();
        return (u.Select(v => (int)v).ToArray(), shape);
    }
}
