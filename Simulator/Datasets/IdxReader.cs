using System.Buffers.Binary;
using System.IO.Compression;
using Sim.Config;

namespace Sim.Datasets;

/// <summary>An IDX file's unsigned-byte contents: its dimensions and its data in row-major order.</summary>
internal sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    /// <summary>Elements in one item: the product of every dimension after the first.</summary>
    public int ItemLength => Dimensions.Skip(1).Aggregate(1, (a, d) => a * d);

    public int Count => Dimensions[0];
}

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic number
/// 0x00 0x00 TYPE RANK, RANK big-endian int32 dimensions, then the data. Only unsigned bytes
/// (type 0x08) are read, which is what both datasets hold. A file starting with gzip's magic
/// (0x1f 0x8b) is decompressed first, so the Debian package's <c>.gz</c> files read as they are.
/// </summary>
internal static class IdxReader
{
    private const byte UnsignedByte = 0x08;

    public static IdxArray Read(string path)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError($"cannot read IDX file '{path}': {e.Message}");
        }
        return Parse(raw, path);
    }

    /// <summary>Parses IDX bytes (gzip-compressed or not); <paramref name="name"/> is used in messages.</summary>
    public static IdxArray Parse(byte[] bytes, string name)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            try
            {
                gz.CopyTo(plain);
            }
            catch (InvalidDataException e)
            {
                throw new InputError($"'{name}' is not valid gzip: {e.Message}");
            }
            bytes = plain.ToArray();
        }
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InputError($"'{name}' is not an IDX file (bad magic number)");
        if (bytes[2] != UnsignedByte)
            throw new InputError($"'{name}': IDX element type 0x{bytes[2]:x2} is not supported (only unsigned bytes, 0x08)");
        int rank = bytes[3];
        if (rank < 1 || bytes.Length < 4 + 4 * rank)
            throw new InputError($"'{name}': IDX header truncated or rank {rank} invalid");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dims[i] < 0) throw new InputError($"'{name}': negative IDX dimension {dims[i]}");
            count *= dims[i];
        }
        int offset = 4 + 4 * rank;
        if (bytes.Length - offset != count)
            throw new InputError($"'{name}': IDX header says {count} bytes of data, the file has {bytes.Length - offset}");
        return new IdxArray(dims, bytes[offset..]);
    }
}
