using System.Text.RegularExpressions;

namespace Sim.Cosim;

/// <summary>
/// One build of a Verilog PE array: its dataflow (the weight-stationary <c>pe_array.v</c> or the
/// output-stationary <c>os_array.v</c>), its shape, its operand width and any Verilog defines
/// (deliberate defects such as <c>SIM_DEFECT_ACC_BIT=b</c> or <c>SIM_DEFECT_OS_DRAIN_ROW=r</c>).
/// Each distinct configuration is its own shared library.
/// </summary>
public sealed partial record RtlConfig
{
    /// <summary>The widths the arrays are built and tested for: int8 and int16 operands.</summary>
    public static readonly int[] OperandWidths = [8, 16];

    public int Rows { get; }
    public int Cols { get; }
    public int OperandWidth { get; }

    /// <summary>Verilog defines as NAME or NAME=VALUE, sorted so equal sets give equal configurations.</summary>
    public IReadOnlyList<string> Defines { get; }

    /// <summary>Weight registers per PE (pe_array's WEIGHT_BUFFERS): 1, or 2 for the second bank of <c>weight_buffers: 2</c>.</summary>
    public int WeightBuffers { get; init; } = 1;

    /// <summary>
    /// Bits of each column's MAC counters (COUNT_WIDTH): 32 in every build `sim cosim` makes; fewer, down to 8, for a
    /// stimulus that wraps them within a short run, since a 32-bit counter needs billions of MACs to.
    /// </summary>
    public int CounterWidth
    {
        get => _counterWidth;
        init => _counterWidth = value is >= 8 and <= 32 ? value : throw new ArgumentOutOfRangeException(nameof(CounterWidth), value, "MAC counters are 8 to 32 bits wide");
    }

    private readonly int _counterWidth = 32;

    /// <summary>
    /// A build that counts Verilator's line and toggle coverage (<see cref="RtlArray.WriteCoverage"/>): slower, so only
    /// for the coverage report.
    /// </summary>
    public bool Coverage { get; init; }

    /// <summary>The output-stationary array (<c>os_array.v</c>) rather than the weight-stationary one (<c>pe_array.v</c>).</summary>
    public bool OutputStationary { get; init; }

    /// <summary>The build's top module: <c>pe_array</c> or <c>os_array</c>.</summary>
    public string TopModule => OutputStationary ? "os_array" : "pe_array";

    public RtlConfig(int rows, int cols, int operandWidth, params string[] defines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if (!OperandWidths.Contains(operandWidth))
            throw new ArgumentOutOfRangeException(nameof(operandWidth), operandWidth, "the RTL is built for 8- or 16-bit operands");
        foreach (var define in defines)
            if (!DefinePattern().IsMatch(define))
                throw new ArgumentException($"'{define}' is not a Verilog define of the form NAME or NAME=VALUE", nameof(defines));
        Rows = rows;
        Cols = cols;
        OperandWidth = operandWidth;
        Defines = defines.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The smallest and largest operand value the build's ports carry.</summary>
    public short MinOperand => (short)-(1 << (OperandWidth - 1));
    public short MaxOperand => (short)((1 << (OperandWidth - 1)) - 1);

    /// <summary>A readable, file-name-safe name, e.g. <c>16x16-w8</c>, <c>8x8-w8-os</c> or <c>4x4-w16-SIM_DEFECT_ACC_BIT_5</c>.</summary>
    public string Name =>
        string.Join("-", [$"{Rows}x{Cols}", $"w{OperandWidth}", .. WeightBuffers == 2 ? ["b2"] : Array.Empty<string>(),
            .. OutputStationary ? ["os"] : Array.Empty<string>(), .. CounterWidth != 32 ? [$"c{CounterWidth}"] : Array.Empty<string>(),
            .. Coverage ? ["cov"] : Array.Empty<string>(),
            .. Defines.Select(d => d.Replace('=', '_'))]);

    public override string ToString() => Name;

    public bool Equals(RtlConfig? other) =>
        other is not null && Rows == other.Rows && Cols == other.Cols && OperandWidth == other.OperandWidth &&
        WeightBuffers == other.WeightBuffers && OutputStationary == other.OutputStationary && CounterWidth == other.CounterWidth &&
        Coverage == other.Coverage && Defines.SequenceEqual(other.Defines);

    public override int GetHashCode() =>
        HashCode.Combine(Rows, Cols, OperandWidth, WeightBuffers, OutputStationary, CounterWidth, Coverage, string.Join(",", Defines));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_]+)?$")]
    private static partial Regex DefinePattern();
}
