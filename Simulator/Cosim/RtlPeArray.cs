using System.Runtime.InteropServices;
using System.Text;
using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The Verilog PE array (<c>Simulator/Rtl/pe_array.v</c>), Verilated, behind the same ports as the
/// register-level <see cref="SystolicArray"/>: one <see cref="Step"/> is one rising clock edge.
/// </summary>
/// <remarks>
/// Operands cross as int16. An 8-bit build keeps their low 8 bits, so they must be int8 values;
/// <see cref="Step"/> refuses anything wider rather than let the RTL see a different number.
/// The MAC counters are the RTL's 32-bit registers, read as unsigned after every edge.
/// </remarks>
internal sealed unsafe class RtlPeArray : IPeArray, IDisposable
{
    private readonly RtlLibrary _library;
    private readonly int[] _partialSumOut;
    private readonly bool[] _partialSumOutValid;
    private readonly uint[] _counters;
    private readonly long[] _active, _gated, _repeated;
    private nint _handle;

    public RtlConfig Config { get; }
    public int Rows => Config.Rows;
    public int Cols => Config.Cols;
    public long Cycle { get; private set; }

    /// <summary>Loads (building if needed) the library for <paramref name="config"/> and resets a new array.</summary>
    public RtlPeArray(RtlConfig config)
    {
        Config = config;
        _library = RtlLibrary.For(config);
        _partialSumOut = new int[config.Cols];
        _partialSumOutValid = new bool[config.Cols];
        _counters = new uint[3 * config.Cols];
        _active = new long[config.Cols];
        _gated = new long[config.Cols];
        _repeated = new long[config.Cols];
        _handle = _library.Create();
        Reset();
    }

    public ReadOnlySpan<int> PartialSumOut => _partialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => _partialSumOutValid;
    public ReadOnlySpan<long> MacsActive => _active;
    public ReadOnlySpan<long> MacsGated => _gated;
    public ReadOnlySpan<long> MacsRepeated => _repeated;

    /// <summary>The mode inputs last configured: zero_gating_en and structured_2_4_en.</summary>
    public PeArrayFeatures Features { get; private set; }

    /// <summary>
    /// The Verilog core's datapath is integer: operands of its build's width, int32 wrapping accumulation.
    /// Float operand formats (fp8, fp16, bf16) and int16 accumulators are not in the RTL and are refused.
    /// Every sparsity feature is: zero gating and 2:4 drive the mode inputs zero_gating_en and
    /// structured_2_4_en; zero-vector skipping is the sequencer's (<see cref="TileDriver"/>) and needs
    /// nothing of the array.
    /// </summary>
    public void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        if (datapath.IsFloat || datapath.Accumulator != Numerics.ElementFormat.Int32)
            throw new NotSupportedException(
                $"the Verilog PE array runs integer operands with int32 accumulation, not {datapath.Operands.Name()} with " +
                $"{datapath.Accumulator.Name()}: float datapaths and narrow accumulators are not in the RTL");
        _library.SetMode(Handle, features.ZeroGating ? 1 : 0, features.Structured24 ? 1 : 0);
        Features = features;
    }

    /// <summary>One clock edge with rst high, then outputs read back (all zero).</summary>
    public void Reset()
    {
        _library.Reset(Handle);
        ReadOutputs();
        Cycle = 0;
    }

    public void Step(in PeArrayInputs inputs)
    {
        inputs.CheckWidths(Rows, Cols);
        bool structured = Features.Structured24;
        if (structured && (inputs.WeightIndexRow.Length != Cols || inputs.ActivationGroups.Length != 4 * Rows))
            throw new ArgumentException("2:4 mode needs weight_index_in[Cols] and act_group_in[Rows][4]");
        if (!inputs.WeightIndexRow.IsEmpty && inputs.WeightIndexRow.Length != Cols)
            throw new ArgumentException($"weight_index_in has {inputs.WeightIndexRow.Length} values, the array has {Cols} columns");
        if (!inputs.ActivationGroups.IsEmpty && inputs.ActivationGroups.Length != 4 * Rows)
            throw new ArgumentException($"act_group_in has {inputs.ActivationGroups.Length} values, the array needs 4 x {Rows}");
        if (Config.WeightBuffers == 1 && (inputs.WeightLoadBank || inputs.ActivationBank.Contains(true)))
            throw new NotSupportedException($"the {Config.Name} build of the Verilog PE array has one weight buffer per PE; bank 1 needs WEIGHT_BUFFERS = 2");
        if (!inputs.ActivationBank.IsEmpty && inputs.ActivationBank.Length != Rows)
            throw new ArgumentException($"act_bank_in has {inputs.ActivationBank.Length} values, the array has {Rows} rows");
        CheckRange("weight_in", inputs.WeightRow);
        CheckRange("act_in", inputs.Activations);
        CheckRange("act_group_in", inputs.ActivationGroups);

        // bool is one byte holding 0 or 1, exactly the valid-bit bytes the C API takes. Empty 2:4 ports
        // are passed as null: the library drives zeros.
        var valid = MemoryMarshal.Cast<bool, byte>(inputs.ActivationValid);
        var banks = MemoryMarshal.Cast<bool, byte>(inputs.ActivationBank);
        fixed (short* weights = inputs.WeightRow)
        fixed (byte* indices = inputs.WeightIndexRow)
        fixed (short* activations = inputs.Activations)
        fixed (byte* activationValid = valid)
        fixed (byte* activationBank = banks)
        fixed (short* groups = inputs.ActivationGroups)
            _library.SetInputs(Handle, inputs.WeightLoadEnable ? 1 : 0, inputs.WeightLoadBank ? 1 : 0, weights, indices, activations,
                activationValid, activationBank, groups);
        _library.Step(Handle);
        ReadOutputs();
        Cycle++;
    }

    /// <summary>Writes a VCD of every RTL signal to <paramref name="path"/> from the next edge on.</summary>
    public void StartTrace(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        fixed (byte* p = bytes)
            if (_library.TraceOpen(Handle, p) != 0)
                throw new InvalidOperationException("a trace is already open on this array");
    }

    public void StopTrace() => _library.TraceClose(Handle);

    public void Dispose()
    {
        if (_handle == 0)
            return;
        _library.Destroy(_handle);
        _handle = 0;
    }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(RtlPeArray));

    private void ReadOutputs()
    {
        int cols = Cols;
        fixed (int* sums = _partialSumOut)
        fixed (bool* valid = _partialSumOutValid)
        fixed (uint* counters = _counters)
            _library.ReadOutputs(Handle, sums, (byte*)valid, counters, counters + cols, counters + 2 * cols);
        for (int c = 0; c < cols; c++)
        {
            _active[c] = _counters[c];
            _gated[c] = _counters[cols + c];
            _repeated[c] = _counters[2 * cols + c];
        }
    }

    private void CheckRange(string port, ReadOnlySpan<short> values)
    {
        if (Config.OperandWidth >= 16)
            return;
        for (int i = 0; i < values.Length; i++)
            if (values[i] < Config.MinOperand || values[i] > Config.MaxOperand)
                throw new ArgumentOutOfRangeException(
                    port, $"{port}[{i}] = {values[i]} does not fit the {Config.OperandWidth}-bit operands of the {Config.Name} RTL");
    }
}
