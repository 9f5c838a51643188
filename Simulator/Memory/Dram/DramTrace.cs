using System.Globalization;
using System.Text;
using Sim.Config;

namespace Sim.Memory.Dram;

/// <summary>
/// A request trace in DRAMSim3's format: one request a line, <c>0x&lt;hex address&gt; READ|WRITE &lt;cycle&gt;</c>,
/// the cycle being the earliest DRAM cycle the request may enter the controller. Blank lines and
/// lines starting with '#' are skipped. Held as three parallel arrays, the form the runner reads.
/// </summary>
internal sealed class DramTrace
{
    public long[] Addresses { get; }
    public bool[] IsWrite { get; }
    public long[] Cycles { get; }

    /// <summary>
    /// The latest cycle a request may name: 2^36. The model refreshes idle ranks one tREFI at a time, so a request
    /// at cycle 2^62 would take centuries to reach, and later ones would overflow simulated time.
    /// </summary>
    public const long MaxCycle = 1L << 36;

    /// <summary>The longest line a trace may have; a request takes about 30 characters.</summary>
    public const int MaxLineChars = 4096;

    public int Count => Addresses.Length;

    public DramTrace(long[] addresses, bool[] isWrite, long[] cycles)
    {
        if (isWrite.Length != addresses.Length || cycles.Length != addresses.Length)
            throw new ArgumentException("a trace's arrays must have one length");
        Addresses = addresses; IsWrite = isWrite; Cycles = cycles;
    }

    /// <summary>Reads a trace file; a bad line is an <see cref="InputError"/> at its line and column.</summary>
    public static DramTrace Load(string path)
    {
        InputPath.RequireFile(path);
        try
        {
            using var reader = new StreamReader(path);
            return Parse(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError($"{path}: cannot read: {e.Message}");
        }
    }

    public static DramTrace Parse(TextReader reader, string path)
    {
        var addresses = new List<long>();
        var writes = new List<bool>();
        var cycles = new List<long>();
        int lineNumber = 0;
        // A file that is not a trace at all (a password file given by mistake) must not be quoted: until a request
        // has been read, an error says what was expected, not what was found.
        string Got(ReadOnlySpan<char> token) => addresses.Count == 0 ? " (is it a trace file?)" : $", got '{Excerpt.Of(token.ToString())}'";
        var buffer = new StringBuilder();
        while (ReadLine(reader, buffer, path, lineNumber + 1) is { } line)
        {
            lineNumber++;
            int col = SkipSpace(line, 0);
            if (col == line.Length || line[col] == '#') continue;

            int end = TokenEnd(line, col);
            var token = line.AsSpan(col, end - col);
            if (!token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ||
                !long.TryParse(token[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long address) ||
                address < 0)
                throw Error(path, lineNumber, col, $"expected a hexadecimal address such as 0x1f40{Got(token)}");

            col = SkipSpace(line, end);
            end = TokenEnd(line, col);
            token = line.AsSpan(col, end - col);
            bool isWrite;
            if (token.Equals("READ", StringComparison.OrdinalIgnoreCase)) isWrite = false;
            else if (token.Equals("WRITE", StringComparison.OrdinalIgnoreCase)) isWrite = true;
            else throw Error(path, lineNumber, col, token.IsEmpty ? "expected READ or WRITE after the address" : $"expected READ or WRITE{Got(token)}");

            col = SkipSpace(line, end);
            end = TokenEnd(line, col);
            token = line.AsSpan(col, end - col);
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long cycle))
                throw Error(path, lineNumber, col, token.IsEmpty
                    ? "expected the request's cycle after READ or WRITE"
                    : $"expected the request's cycle, a non-negative integer{Got(token)}");
            if (cycle > MaxCycle)
                throw Error(path, lineNumber, col,
                    $"cycle {cycle} is beyond the last a trace may use, {MaxCycle} (2^36: about a minute of DRAM time, through which refreshes are simulated one by one)");

            col = SkipSpace(line, end);
            if (col < line.Length)
                throw Error(path, lineNumber, col, $"unexpected{(addresses.Count == 0 ? " text" : $" '{Excerpt.Of(line[col..])}'")} after the cycle (one request a line: 0x<address> READ|WRITE <cycle>)");

            addresses.Add(address);
            writes.Add(isWrite);
            cycles.Add(cycle);
        }
        return new DramTrace(addresses.ToArray(), writes.ToArray(), cycles.ToArray());
    }

    private static InputError Error(string path, int line, int index, string reason) => new(path, line, index + 1, reason);

    /// <summary>
    /// The next line without its line break, or null at the end. TextReader.ReadLine has no bound, and a device such
    /// as /dev/zero never ends a line: past <see cref="MaxLineChars"/> the line is an error.
    /// </summary>
    private static string? ReadLine(TextReader reader, StringBuilder buffer, string path, int lineNumber)
    {
        buffer.Clear();
        int c;
        while ((c = reader.Read()) >= 0 && c != '\n')
        {
            if (buffer.Length == MaxLineChars)
                throw Error(path, lineNumber, MaxLineChars, $"a line longer than {MaxLineChars} characters (is it a trace file?)");
            buffer.Append((char)c);
        }
        if (c < 0 && buffer.Length == 0)
            return null;
        return buffer.ToString().TrimEnd('\r');
    }

    private static int SkipSpace(string line, int i)
    {
        while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
        return i;
    }

    private static int TokenEnd(string line, int i)
    {
        while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
        return i;
    }
}
