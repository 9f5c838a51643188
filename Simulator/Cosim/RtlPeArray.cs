using System.Runtime.InteropServices;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The weight-stationary Verilog PE array (<c>Simulator/Rtl/pe_array.v</c>), Verilated, behind the same
/// ports as the register-level <see cref="SystolicArray"/>: one <see cref="Step"/> is one rising clock edge.
/// </summary>
internal sealed unsafe class RtlPeArray : RtlArray, IPeArray
{
    /// <summary>Loads (building if needed) the library for <paramref name="config"/> and resets a new array.</summary>
    public RtlPeArray(RtlConfig config) : base(config)
    {
        if (config.OutputStationary)
            throw new ArgumentException($"{config.Name} is an output-stationary build: run it as an {nameof(RtlOsArray)}", nameof(config));
    }

    /// <summary>The mode inputs last configured: zero_gating_en and structured_2_4_en.</summary>
    public PeArrayFeatures Features { get; private set; }

    /// <summary>
    /// Integer datapaths only (<see cref="RtlArray.CheckIntegerDatapath"/>). Every sparsity feature is in:
    /// zero gating and 2:4 drive the mode inputs zero_gating_en and structured_2_4_en; zero-vector skipping
    /// is the sequencer's (<see cref="TileDriver"/>) and needs nothing of the array.
    /// </summary>
    public override void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        CheckIntegerDatapath(datapath);
        // The Verilog array has neither the depthwise window bus nor the int4 pair multipliers.
        if (features.DepthwiseWindow > 0 || features.Int4Pairs)
            throw new ArgumentException($"the {Config.Name} RTL has no {(features.Int4Pairs ? "int4 pair" : "depthwise window")} mode");
        Library.SetMode(Handle, features.ZeroGating ? 1 : 0, features.Structured24 ? 1 : 0);
        Features = features;
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
            Library.SetInputs(Handle, inputs.WeightLoadEnable ? 1 : 0, inputs.WeightLoadBank ? 1 : 0, weights, indices, activations,
                activationValid, activationBank, groups);
        Clock();
        if (ProtocolAssertions && Library.Assertions(Handle) is var fails and not 0)
            throw new ArrayProtocolFault($"the {Config.Name} RTL's protocol assertions failed by cycle {Cycle}: " +
                                         string.Join(", ", AssertionNames.Where((_, bit) => (fails & (1u << bit)) != 0)));
    }

    /// <summary>
    /// Whether an edge after which pe_array.v's assert_fail_out is set throws <see cref="ArrayProtocolFault"/>: on for
    /// every driver that keeps the protocol; off for a stream that breaks it on purpose.
    /// </summary>
    public bool ProtocolAssertions { get; init; } = true;

    /// <summary>pe_array.v's assert_fail_out bits, in order.</summary>
    private static readonly string[] AssertionNames =
    [
        "valid skew (a row's activation valid without the row above's the edge before)",
        "a bank's weights changed under its stream",
        "a column emitted more sums than vectors were issued",
    ];
}
