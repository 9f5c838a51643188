using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Sim.Graph;

namespace Sim.Tests.Graph;

/// <summary>
/// A multi-node ONNX model built in memory (OnnxSharp's protobuf types), run by ONNX Runtime with graph
/// optimisations off (so each operator runs its own kernel) and by sim's graph runner.
/// </summary>
internal sealed class OrtGraph
{
    private readonly GraphProto _graph = new() { Name = "graph" };
    private readonly List<string> _inputs = [];
    private int _opset = 17;

    public OrtGraph Opset(int version) { _opset = version; return this; }

    public OrtGraph Input(string name, int elemType, params int[] shape)
    {
        _graph.Input.Add(ValueInfo(name, elemType, shape));
        _inputs.Add(name);
        return this;
    }

    /// <summary>Makes the last input's first dimension symbolic ("N"), as an exporter writes a dynamic batch.</summary>
    public OrtGraph SymbolicBatch()
    {
        var dim = _graph.Input[^1].Type.TensorType.Shape.Dim[0];
        dim.DimParam = "N";
        return this;
    }

    public OrtGraph Constant<T>(string name, T[] data, params int[] shape) where T : unmanaged
    {
        var t = new TensorProto { Name = name, DataType = ElemType<T>() };
        foreach (var d in shape) t.Dims.Add(d);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan()));
        _graph.Initializer.Add(t);
        return this;
    }

    public NodeProto Node(string op, string[] inputs, string output, string? name = null)
    {
        var n = new NodeProto { OpType = op, Name = name ?? output };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        _graph.Node.Add(n);
        return n;
    }

    public OrtGraph Output(string name, int elemType)
    {
        _graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType } } });
        return this;
    }

    public byte[] Serialize()
    {
        // IR version 9 is ONNX 1.14's, the first that carries opsets past 18.
        var model = new ModelProto { IrVersion = _opset > 18 ? 9 : 8, ProducerName = "sim-graph-tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = _opset });
        return model.ToByteArray();
    }

    public string Save(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".onnx");
        File.WriteAllBytes(path, Serialize());
        return path;
    }

    /// <summary>Runs the model in ONNX Runtime on the given inputs; returns the first output.</summary>
    public GraphValue RunOrt(IReadOnlyDictionary<string, GraphValue> feeds) => RunOrt(Serialize(), _inputs, _graph.Output[0].Name, feeds);

    /// <summary>Runs a serialised model in ONNX Runtime, its <paramref name="inputs"/> fed from <paramref name="feeds"/>; returns <paramref name="output"/>.</summary>
    public static GraphValue RunOrt(byte[] model, IReadOnlyList<string> inputs, string output, IReadOnlyDictionary<string, GraphValue> feeds)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            IntraOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        using var session = new InferenceSession(model, options);
        var values = inputs.Select(n => ToOrt(feeds[n])).ToList();
        try
        {
            using var run = new RunOptions();
            using var results = session.Run(run, inputs, values, [output]);
            var y = results[0];
            var info = y.GetTensorTypeAndShape();
            int[] shape = info.Shape.Select(d => (int)d).ToArray();
            return info.ElementDataType switch
            {
                Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float => GraphValue.Of(new Sim.Tensors.Tensor<float>(shape, y.GetTensorDataAsSpan<float>().ToArray())),
                Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int8 => GraphValue.Of(GraphElementType.Int8, new(shape, y.GetTensorDataAsSpan<sbyte>().ToArray().Select(v => (int)v).ToArray())),
                Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.UInt8 => GraphValue.Of(GraphElementType.UInt8, new(shape, y.GetTensorDataAsSpan<byte>().ToArray().Select(v => (int)v).ToArray())),
                Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32 => GraphValue.Of(GraphElementType.Int32, new(shape, y.GetTensorDataAsSpan<int>().ToArray())),
                var t => throw new NotSupportedException(t.ToString()),
            };
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private static OrtValue ToOrt(GraphValue v)
    {
        long[] dims = v.Shape.Select(d => (long)d).ToArray();
        return v.Type switch
        {
            GraphElementType.Float => OrtValue.CreateTensorValueFromMemory(v.Floats.Data, dims),
            GraphElementType.Int8 => OrtValue.CreateTensorValueFromMemory(v.Ints.Data.Select(x => (sbyte)x).ToArray(), dims),
            GraphElementType.UInt8 => OrtValue.CreateTensorValueFromMemory(v.Ints.Data.Select(x => (byte)x).ToArray(), dims),
            _ => OrtValue.CreateTensorValueFromMemory(v.Ints.Data, dims),
        };
    }

    private static ValueInfoProto ValueInfo(string name, int elemType, int[] shape)
    {
        var s = new TensorShapeProto();
        foreach (var d in shape) s.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = s } } };
    }

    public static int ElemType<T>() => typeof(T) switch
    {
        var t when t == typeof(float) => 1,
        var t when t == typeof(byte) => 2,
        var t when t == typeof(sbyte) => 3,
        var t when t == typeof(int) => 6,
        var t when t == typeof(long) => 7,
        var t => throw new NotSupportedException(t.Name),
    };
}

internal static class NodeExtensions
{
    public static NodeProto Ints(this NodeProto n, string name, params int[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        foreach (var v in values) a.Ints.Add(v);
        n.Attribute.Add(a);
        return n;
    }

    public static NodeProto Int(this NodeProto n, string name, long value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return n;
    }

    public static NodeProto Float(this NodeProto n, string name, float value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
        return n;
    }
}
