using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using Sim.Config;
using Sim.Tensors;

namespace Sim.Onnx;

/// <summary>The ONNX element types the simulator reads (values of <c>TensorProto.data_type</c>).</summary>
internal enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}

/// <summary>
/// Converts ONNX <see cref="TensorProto"/> messages (initializers, test-data <c>.pb</c> files) into
/// <see cref="Tensor{T}"/>. Reads either <c>raw_data</c> (little-endian) or the typed repeated fields.
/// Every problem with the input (unsupported type, wrong element count, truncated file) raises
/// <see cref="InputError"/> with a one-line message.
/// </summary>
internal static class TensorProtoReader
{
    /// <summary>Parses a serialized TensorProto file (such as ONNX test data <c>input_0.pb</c>).</summary>
    public static TensorProto ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError($"cannot read tensor file '{path}': {e.Message}");
        }
        try
        {
            return TensorProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InputError($"'{path}' is not a valid ONNX TensorProto: {FirstLine(e.Message)}");
        }
    }

    /// <summary>The element type of <paramref name="t"/>.</summary>
    public static OnnxElementType ElementType(TensorProto t) => (OnnxElementType)t.DataType;

    /// <summary>The shape of <paramref name="t"/> (empty for a scalar).</summary>
    public static int[] Shape(TensorProto t)
    {
        var shape = new int[t.Dims.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            long d = t.Dims[i];
            if (d < 0 || d > int.MaxValue)
                throw new InputError($"tensor '{t.Name}' has invalid dimension {d}");
            shape[i] = (int)d;
        }
        long n = Tensor<float>.ElementCountLong(shape);
        if (n > int.MaxValue)
            throw new InputError($"tensor '{t.Name}' has too many elements ({n})");
        return shape;
    }

    /// <summary>True for the integer element types <see cref="ToInt"/> accepts.</summary>
    public static bool IsInteger(OnnxElementType type) => type is OnnxElementType.UInt8 or OnnxElementType.Int8
        or OnnxElementType.UInt16 or OnnxElementType.Int16 or OnnxElementType.Int32 or OnnxElementType.Int64
        or OnnxElementType.Bool;

    /// <summary>Reads a float or double tensor as <see cref="Tensor{T}"/> of float.</summary>
    public static Tensor<float> ToFloat(TensorProto t)
    {
        CheckLocation(t);
        var shape = Shape(t);
        int n = Tensor<float>.ElementCount(shape);
        var data = new float[n];
        var type = ElementType(t);
        switch (type)
        {
            case OnnxElementType.Float:
                if (!t.RawData.IsEmpty)
                {
                    var raw = RawBytes(t, n, 4);
                    for (int i = 0; i < n; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i));
                }
                else
                {
                    CheckCount(t, t.FloatData.Count, n);
                    t.FloatData.CopyTo(data, 0);
                }
                break;
            case OnnxElementType.Double:
                if (!t.RawData.IsEmpty)
                {
                    var raw = RawBytes(t, n, 8);
                    for (int i = 0; i < n; i++) data[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(8 * i));
                }
                else
                {
                    CheckCount(t, t.DoubleData.Count, n);
                    for (int i = 0; i < n; i++) data[i] = (float)t.DoubleData[i];
                }
                break;
            default:
                throw new InputError($"tensor '{t.Name}' has element type {TypeName(t.DataType)}, expected float or double");
        }
        return new Tensor<float>(shape, data);
    }

    /// <summary>
    /// Reads an integer tensor (int8, uint8, int16, uint16, int32, int64, bool) as <see cref="Tensor{T}"/> of int.
    /// int64 values outside the int32 range are an error.
    /// </summary>
    public static Tensor<int> ToInt(TensorProto t)
    {
        CheckLocation(t);
        var shape = Shape(t);
        int n = Tensor<int>.ElementCount(shape);
        var data = new int[n];
        var type = ElementType(t);
        bool raw = !t.RawData.IsEmpty;
        switch (type)
        {
            case OnnxElementType.UInt8:
            case OnnxElementType.Bool:
                if (raw) { var r = RawBytes(t, n, 1); for (int i = 0; i < n; i++) data[i] = r[i]; }
                else { CheckCount(t, t.Int32Data.Count, n); for (int i = 0; i < n; i++) data[i] = (byte)t.Int32Data[i]; }
                break;
            case OnnxElementType.Int8:
                if (raw) { var r = RawBytes(t, n, 1); for (int i = 0; i < n; i++) data[i] = (sbyte)r[i]; }
                else { CheckCount(t, t.Int32Data.Count, n); for (int i = 0; i < n; i++) data[i] = (sbyte)t.Int32Data[i]; }
                break;
            case OnnxElementType.UInt16:
                if (raw) { var r = RawBytes(t, n, 2); for (int i = 0; i < n; i++) data[i] = BinaryPrimitives.ReadUInt16LittleEndian(r.Slice(2 * i)); }
                else { CheckCount(t, t.Int32Data.Count, n); for (int i = 0; i < n; i++) data[i] = (ushort)t.Int32Data[i]; }
                break;
            case OnnxElementType.Int16:
                if (raw) { var r = RawBytes(t, n, 2); for (int i = 0; i < n; i++) data[i] = BinaryPrimitives.ReadInt16LittleEndian(r.Slice(2 * i)); }
                else { CheckCount(t, t.Int32Data.Count, n); for (int i = 0; i < n; i++) data[i] = (short)t.Int32Data[i]; }
                break;
            case OnnxElementType.Int32:
                if (raw) { var r = RawBytes(t, n, 4); for (int i = 0; i < n; i++) data[i] = BinaryPrimitives.ReadInt32LittleEndian(r.Slice(4 * i)); }
                else { CheckCount(t, t.Int32Data.Count, n); t.Int32Data.CopyTo(data, 0); }
                break;
            case OnnxElementType.Int64:
                for (int i = 0; i < n; i++)
                {
                    long v;
                    if (raw) v = BinaryPrimitives.ReadInt64LittleEndian(RawBytes(t, n, 8).Slice(8 * i));
                    else { CheckCount(t, t.Int64Data.Count, n); v = t.Int64Data[i]; }
                    if (v < int.MinValue || v > int.MaxValue)
                        throw new InputError($"tensor '{t.Name}' holds int64 value {v} outside the int32 range");
                    data[i] = (int)v;
                }
                break;
            default:
                throw new InputError($"tensor '{t.Name}' has element type {TypeName(t.DataType)}, expected an integer type");
        }
        return new Tensor<int>(shape, data);
    }

    /// <summary>A readable name for an ONNX data_type value.</summary>
    public static string TypeName(int dataType) =>
        Enum.IsDefined(typeof(OnnxElementType), dataType) ? ((OnnxElementType)dataType).ToString().ToLowerInvariant() : $"#{dataType}";

    private static void CheckLocation(TensorProto t)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InputError($"tensor '{t.Name}' uses external data, which is not supported");
    }

    private static ReadOnlySpan<byte> RawBytes(TensorProto t, int count, int elementSize)
    {
        var span = t.RawData.Span;
        if (span.Length != (long)count * elementSize)
            throw new InputError($"tensor '{t.Name}' raw_data has {span.Length} bytes, shape needs {(long)count * elementSize}");
        return span;
    }

    private static void CheckCount(TensorProto t, int actual, int expected)
    {
        if (actual != expected)
            throw new InputError($"tensor '{t.Name}' has {actual} values, shape needs {expected}");
    }

    internal static string FirstLine(string s)
    {
        int i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
