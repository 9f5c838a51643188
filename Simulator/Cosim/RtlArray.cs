using System.Text;
using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// What the two Verilated PE arrays (<see cref="RtlPeArray"/>, <see cref="RtlOsArray"/>) share: the library
/// instance, reset, the clock edge, the outputs read back after every edge, the VCD, and the checks on what
/// the RTL can take. One <see cref="Clock"/> is one rising edge.
/// </summary>
/// <remarks>
/// Operands cross as int16. An 8-bit build keeps their low 8 bits, so they must be int8 values;
/// <see cref="CheckRange"/> refuses anything wider rather than let the RTL see a different number.
/// The MAC counters are the RTL's 32-bit registers, read as unsigned after every edge.
/// </remarks>
internal abstract unsafe class RtlArray : IArrayOutputs, IDisposable
{
    private readonly int[] _partialSumOut;
    private readonly bool[] _partialSumOutValid;
    private readonly uint[] _counters;
    private readonly long[] _active, _gated, _repeated;
    private nint _handle;

    /// <summary>Loads (building if needed) the library for <paramref name="config"/> and resets a new array.</summary>
    protected RtlArray(RtlConfig config)
    {
        Config = config;
        Library = RtlLibrary.For(config);
        _partialSumOut = new int[config.Cols];
        _partialSumOutValid = new bool[config.Cols];
        _counters = new uint[3 * config.Cols];
        _active = new long[config.Cols];
        _gated = new long[config.Cols];
        _repeated = new long[config.Cols];
        _handle = Library.Create();
        Reset();
    }

    public RtlConfig Config { get; }
    public int Rows => Config.Rows;
    public int Cols => Config.Cols;
    public long Cycle { get; private set; }
    public ReadOnlySpan<int> PartialSumOut => _partialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => _partialSumOutValid;
    public ReadOnlySpan<long> MacsActive => _active;
    public ReadOnlySpan<long> MacsGated => _gated;
    public ReadOnlySpan<long> MacsRepeated => _repeated;

    protected RtlLibrary Library { get; }

    protected nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(GetType().Name);

    /// <summary>One clock edge with rst high, then outputs read back (all zero). The mode inputs stay.</summary>
    public void Reset()
    {
        Library.Reset(Handle);
        ReadOutputs();
        Cycle = 0;
    }

    /// <summary>Writes a VCD of every RTL signal to <paramref name="path"/> from the next edge on.</summary>
    public void StartTrace(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        fixed (byte* p = bytes)
            if (Library.TraceOpen(Handle, p) != 0)
                throw new InvalidOperationException("a trace is already open on this array");
    }

    public void StopTrace() => Library.TraceClose(Handle);

    /// <summary>Writes the line and toggle coverage this array counted to <paramref name="path"/>; needs a <see cref="RtlConfig.Coverage"/> build.</summary>
    public void WriteCoverage(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        fixed (byte* p = bytes)
            if (Library.CoverageWrite(Handle, p) != 0)
                throw new InvalidOperationException($"the {Config.Name} build counts no coverage");
    }

    /// <summary>The static mode inputs, each array's own; the RTL refuses what it does not implement.</summary>
    public abstract void Configure(in PeDatapath datapath, in PeArrayFeatures features);

    public void Dispose()
    {
        if (_handle == 0)
            return;
        Library.Destroy(_handle);
        _handle = 0;
    }

    /// <summary>One rising edge with the inputs last set, then the outputs read back.</summary>
    protected void Clock()
    {
        Library.Step(Handle);
        ReadOutputs();
        Cycle++;
    }

    /// <summary>
    /// The Verilog arrays' datapath is integer: operands of their build's width, int32 wrapping accumulation.
    /// Float operand formats (fp8, fp16, bf16) and int16 accumulators are not in the RTL and are refused.
    /// </summary>
    protected static void CheckIntegerDatapath(in PeDatapath datapath)
    {
        if (datapath.IsFloat || datapath.Accumulator != ElementFormat.Int32)
            throw new NotSupportedException(
                $"the Verilog PE array runs integer operands with int32 accumulation, not {datapath.Operands.Name()} with " +
                $"{datapath.Accumulator.Name()}: float datapaths and narrow accumulators are not in the RTL");
    }

    protected void CheckRange(string port, ReadOnlySpan<short> values)
    {
        if (Config.OperandWidth >= 16)
            return;
        for (int i = 0; i < values.Length; i++)
            if (values[i] < Config.MinOperand || values[i] > Config.MaxOperand)
                throw new ArgumentOutOfRangeException(
                    port, $"{port}[{i}] = {values[i]} does not fit the {Config.OperandWidth}-bit operands of the {Config.Name} RTL");
    }

    private void ReadOutputs()
    {
        int cols = Cols;
        fixed (int* sums = _partialSumOut)
        fixed (bool* valid = _partialSumOutValid)
        fixed (uint* counters = _counters)
            Library.ReadOutputs(Handle, sums, (byte*)valid, counters, counters + cols, counters + 2 * cols);
        for (int c = 0; c < cols; c++)
        {
            _active[c] = _counters[c];
            _gated[c] = _counters[cols + c];
            _repeated[c] = _counters[2 * cols + c];
        }
    }
}
