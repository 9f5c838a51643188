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
/// </remarks>
public sealed unsafe class RtlPeArray : IPeArray, IDisposable
{
    private readonly RtlLibrary _library;
    private readonly int[] _partialSumOut;
    private readonly bool[] _partialSumOutValid;
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
        _handle = _library.Create();
        Reset();
    }

    public ReadOnlySpan<int> PartialSumOut => _partialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => _partialSumOutValid;

    /// <summary>
    /// The Verilog core is the dense integer datapath: operands of its build's width, int32 wrapping
    /// accumulation. Float formats, narrower accumulators and the sparsity logic are not in the RTL yet.
    /// </summary>
    public void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        if (datapath.IsFloat || datapath.Accumulator != Numerics.ElementFormat.Int32)
            throw new NotSupportedException(
                $"the Verilog PE array runs integer operands with int32 accumulation, not {datapath.Operands.Name()} with {datapath.Accumulator.Name()}");
        if (features != PeArrayFeatures.None)
            throw new NotSupportedException("the Verilog PE array has no zero-gating, zero-skipping or 2:4 logic yet");
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
        if (inputs.WeightRow.Length != Cols)
            throw new ArgumentException($"weight row has {inputs.WeightRow.Length} values, the array has {Cols} columns");
        if (inputs.Activations.Length != Rows || inputs.ActivationValid.Length != Rows)
            throw new ArgumentException(
                $"activation ports have {inputs.Activations.Length} values and {inputs.ActivationValid.Length} valid bits, the array has {Rows} rows");
        CheckRange("weight_in", inputs.WeightRow);
        CheckRange("act_in", inputs.Activations);

        // bool is one byte holding 0 or 1, exactly the valid-bit bytes the C API takes.
        var valid = MemoryMarshal.Cast<bool, byte>(inputs.ActivationValid);
        fixed (short* weights = inputs.WeightRow)
        fixed (short* activations = inputs.Activations)
        fixed (byte* activationValid = valid)
            _library.SetInputs(Handle, inputs.WeightLoadEnable ? 1 : 0, weights, activations, activationValid);
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
        fixed (int* sums = _partialSumOut)
        fixed (bool* valid = _partialSumOutValid)
            _library.ReadOutputs(Handle, sums, (byte*)valid);
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
