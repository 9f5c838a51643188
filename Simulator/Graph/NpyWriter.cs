using System.Buffers.Binary;
using System.Text;

namespace Sim.Graph;

/// <summary>
/// A tensor as a NumPy .npy file, format version 1.0 (numpy.lib.format): the magic string \x93NUMPY, the
/// version bytes 1 and 0, the header's length as a little-endian uint16, then the header, a Python dict literal
/// naming the dtype, the order and the shape, padded with spaces and ended with a newline so that the data
/// starts at a multiple of 64 bytes; then the data, C order, little-endian.
/// </summary>
internal static class NpyWriter
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];
    private const int Alignment = 64;

    public static void WriteFile(string path, GraphValue value) => File.WriteAllBytes(path, Encode(value));

    public static byte[] Encode(GraphValue value)
    {
        // A 1-tuple needs its comma, as Python writes it.
        string shape = value.Shape.Length == 1 ? $"({value.Shape[0]},)" : $"({string.Join(", ", value.Shape)})";
        string dict = $"{{'descr': '{Descr(value.Type)}', 'fortran_order': False, 'shape': {shape}, }}";
        int unpadded = Magic.Length + 2 + dict.Length + 1;
        string header = dict + new string(' ', (Alignment - unpadded % Alignment) % Alignment) + "\n";
        if (header.Length > ushort.MaxValue) throw new ArgumentException($"a shape of {value.Shape.Length} dimensions does not fit a version 1.0 header");

        var data = value.LittleEndianBytes();
        var bytes = new byte[Magic.Length + 2 + header.Length + data.Length];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Magic.Length), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(Magic.Length + 2));
        data.CopyTo(bytes, Magic.Length + 2 + header.Length);
        return bytes;
    }

    /// <summary>NumPy's dtype string: byte order (&lt; little-endian, | for single bytes), kind, width in bytes.</summary>
    public static string Descr(GraphElementType type) => type switch
    {
        GraphElementType.Float => "<f4",
        GraphElementType.Int8 => "|i1",
        GraphElementType.UInt8 => "|u1",
        GraphElementType.Int32 => "<i4",
        GraphElementType.Int64 => "<i8",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
