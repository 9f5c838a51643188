using System.Runtime.InteropServices;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The output-stationary Verilog PE array (<c>Simulator/Rtl/os_array.v</c>), Verilated, behind the same
/// ports as the register-level <see cref="OutputStationaryArray"/>: one <see cref="Step"/> is one rising
/// clock edge, so one <see cref="OutputStationaryDriver"/> runs a tile on either.
/// </summary>
internal sealed unsafe class RtlOsArray : RtlArray, IOutputStationaryArray
{
    /// <summary>Loads (building if needed) the library for <paramref name="config"/> and resets a new array.</summary>
    public RtlOsArray(RtlConfig config) : base(config)
    {
        if (!config.OutputStationary)
            throw new ArgumentException($"{config.Name} is a weight-stationary build: run it as an {nameof(RtlPeArray)}", nameof(config));
    }

    /// <summary>The mode input last configured: zero_gating_en.</summary>
    public bool ZeroGating { get; private set; }

    /// <summary>
    /// Integer datapaths only (<see cref="RtlArray.CheckIntegerDatapath"/>). Zero gating drives the mode input
    /// zero_gating_en; zero-step skipping is the sequencer's (<see cref="OutputStationaryDriver"/>) and needs
    /// nothing of the array. 2:4 is refused, as the register-level model refuses it, and so are int4 pairs and the
    /// depthwise window bus, which the Verilog array does not have (the loader refuses both on output-stationary hardware).
    /// </summary>
    public override void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        CheckIntegerDatapath(datapath);
        if (features.Structured24 || features.Int4Pairs || features.DepthwiseWindow > 0)
            throw new NotSupportedException("the output-stationary Verilog array has no 2:4 index muxes, int4 pairs or depthwise window bus");
        Library.SetOsMode(Handle, features.ZeroGating ? 1 : 0);
        ZeroGating = features.ZeroGating;
    }

    public void Step(in OutputStationaryInputs inputs)
    {
        inputs.CheckWidths(Rows, Cols);
        CheckRange("act_in", inputs.Activations);
        CheckRange("weight_in", inputs.Weights);

        // bool is one byte holding 0 or 1, exactly the valid-bit bytes the C API takes.
        fixed (short* activations = inputs.Activations)
        fixed (byte* activationValid = MemoryMarshal.Cast<bool, byte>(inputs.ActivationValid))
        fixed (short* weights = inputs.Weights)
        fixed (byte* weightValid = MemoryMarshal.Cast<bool, byte>(inputs.WeightValid))
            Library.SetOsInputs(Handle, activations, activationValid, weights, weightValid, inputs.Drain ? 1 : 0);
        Clock();
    }
}
