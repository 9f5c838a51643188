using System.Buffers.Binary;
using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Onnx;
using Sim.Tensors;

namespace Sim.Graph;

/// <summary>The element types that flow between the nodes of an imported graph.</summary>
internal enum GraphElementType { Float, Int8, UInt8, Int32, Int64 }

/// <summary>
/// A tensor flowing through an imported graph: float32 values, or integer values (int8, uint8, int32,
/// int64 within the int32 range) held as ints, as the golden model holds quantised tensors.
/// </summary>
internal sealed class GraphValue
{
    private GraphValue(GraphElementType type, int[] shape, Tensor<float>? floats, Tensor<int>? ints)
    {
        Type = type;
        Shape = shape;
        FloatTensor = floats;
        IntTensor = ints;
    }

    public GraphElementType Type { get; }
    public int[] Shape { get; }
    private Tensor<float>? FloatTensor { get; }
    private Tensor<int>? IntTensor { get; }

    public bool IsFloat => Type == GraphElementType.Float;
    public int Length => IsFloat ? FloatTensor!.Length : IntTensor!.Length;

    public Tensor<float> Floats => FloatTensor ?? throw new InvalidOperationException($"a {Type} tensor is not float");
    public Tensor<int> Ints => IntTensor ?? throw new InvalidOperationException("a float tensor is not integer");

    public static GraphValue Of(Tensor<float> t) => new(GraphElementType.Float, t.Shape, t, null);

    public static GraphValue Of(GraphElementType type, Tensor<int> t) =>
        type == GraphElementType.Float ? throw new ArgumentException("float values are a float tensor") : new(type, t.Shape, null, t);

    /// <summary>The same data seen with another shape (Reshape, Flatten).</summary>
    public GraphValue Reshaped(int[] shape) => IsFloat
        ? Of(new Tensor<float>(shape, Floats.Data))
        : Of(Type, new Tensor<int>(shape, Ints.Data));

    /// <summary>Bytes of one element in device memory.</summary>
    public static int ElementBytes(GraphElementType type) => type switch
    {
        GraphElementType.Int8 or GraphElementType.UInt8 => 1,
        GraphElementType.Int64 => 8,
        _ => 4,
    };

    public long Bytes => (long)Length * ElementBytes(Type);

    /// <summary>The values as ONNX raw_data and NumPy's .npy hold them: little-endian, each element <see cref="ElementBytes"/> wide.</summary>
    public byte[] LittleEndianBytes()
    {
        var bytes = new byte[Bytes];
        var span = bytes.AsSpan();
        for (int i = 0; i < Length; i++)
        {
            switch (Type)
            {
                case GraphElementType.Float: BinaryPrimitives.WriteSingleLittleEndian(span[(4 * i)..], Floats.Data[i]); break;
                case GraphElementType.Int8: span[i] = unchecked((byte)(sbyte)Ints.Data[i]); break;
                case GraphElementType.UInt8: span[i] = (byte)Ints.Data[i]; break;
                case GraphElementType.Int32: BinaryPrimitives.WriteInt32LittleEndian(span[(4 * i)..], Ints.Data[i]); break;
                case GraphElementType.Int64: BinaryPrimitives.WriteInt64LittleEndian(span[(8 * i)..], Ints.Data[i]); break;
            }
        }
        return bytes;
    }

    /// <summary>SHA-256 of the values as held (float or int32 elements), for regression baselines.</summary>
    public string Sha256() => IsFloat ? Accelerator.LayerWork.Sha256(FloatTensor!) : Accelerator.LayerWork.Sha256(IntTensor!);

    /// <summary>The golden model's quantised type of an int8 or uint8 value.</summary>
    public static QuantizedType Quantized(GraphElementType type) => type switch
    {
        GraphElementType.Int8 => QuantizedType.Int8,
        GraphElementType.UInt8 => QuantizedType.UInt8,
        _ => throw new ArgumentException($"{type} is not a quantised type"),
    };

    public static string Name(GraphElementType type) => type.ToString().ToLowerInvariant();

    /// <summary>The element type of an ONNX data_type, or an <see cref="InputError"/> naming what is not supported.</summary>
    public static GraphElementType FromOnnx(int dataType, string what) => (OnnxElementType)dataType switch
    {
        OnnxElementType.Float or OnnxElementType.Double => GraphElementType.Float,
        OnnxElementType.Int8 => GraphElementType.Int8,
        OnnxElementType.UInt8 => GraphElementType.UInt8,
        OnnxElementType.Int32 => GraphElementType.Int32,
        OnnxElementType.Int64 => GraphElementType.Int64,
        _ => throw new InputError($"{what} has element type {TensorProtoReader.TypeName(dataType)}; supported: float, int8, uint8, int32, int64"),
    };

    /// <summary>An initializer or Constant tensor.</summary>
    public static GraphValue FromProto(global::Onnx.TensorProto t, string what)
    {
        var type = FromOnnx(t.DataType, what);
        return type == GraphElementType.Float ? Of(TensorProtoReader.ToFloat(t)) : Of(type, TensorProtoReader.ToInt(t));
    }

    /// <summary>
    /// This value as an ONNX TensorProto (a .pb file, as ONNX's test data and <c>--input</c> hold one): its name,
    /// element type, dimensions and little-endian raw_data, which <see cref="FromProto"/> and any ONNX runtime read back.
    /// </summary>
    public global::Onnx.TensorProto ToProto(string name)
    {
        var proto = new global::Onnx.TensorProto
        {
            Name = name,
            DataType = (int)(Type switch
            {
                GraphElementType.Float => OnnxElementType.Float,
                GraphElementType.Int8 => OnnxElementType.Int8,
                GraphElementType.UInt8 => OnnxElementType.UInt8,
                GraphElementType.Int32 => OnnxElementType.Int32,
                GraphElementType.Int64 => OnnxElementType.Int64,
                _ => throw new InvalidOperationException($"no ONNX element type for {Type}"),
            }),
            RawData = Google.Protobuf.ByteString.CopyFrom(LittleEndianBytes()),
        };
        foreach (int d in Shape) proto.Dims.Add(d);
        return proto;
    }

    /// <summary>A scalar or one-element tensor's value as float.</summary>
    public float ScalarFloat(string what)
    {
        if (Length != 1) throw new InputError($"{what} must hold one value, has shape [{string.Join(",", Shape)}]");
        return IsFloat ? Floats.Data[0] : Ints.Data[0];
    }

    public int ScalarInt(string what)
    {
        if (Length != 1) throw new InputError($"{what} must hold one value, has shape [{string.Join(",", Shape)}]");
        return IsFloat ? (int)Floats.Data[0] : Ints.Data[0];
    }
}
