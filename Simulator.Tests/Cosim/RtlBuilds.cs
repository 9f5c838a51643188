using Sim.Cosim;

namespace Sim.Tests.Cosim;

/// <summary>
/// The RTL configurations the cosimulation tests share. Each is compiled by Verilator once
/// (cached in ~/.cache/sim-rtl across runs) and loaded once per test process; the tests only
/// create arrays on them, which takes microseconds. Keeping the set small keeps a cold run short.
/// </summary>
internal static class RtlBuilds
{
    /// <summary>The 16x16 int8 array of configs/ws-16x16-int8.yaml, the size the scenario tests run.</summary>
    public static readonly RtlConfig Int8Array16 = new(16, 16, 8);

    /// <summary>A small, non-square, non-power-of-two array with full 16-bit operands.</summary>
    public static readonly RtlConfig Int16Array7x5 = new(7, 5, 16);

    /// <summary>Accumulator bit 5 stuck at zero in every PE.</summary>
    public static readonly RtlConfig AccBitDefect = new(4, 4, 16, "SIM_DEFECT_ACC_BIT=5");

    /// <summary>Column 2's outputs one register late.</summary>
    public static readonly RtlConfig LateColumnDefect = new(4, 4, 16, "SIM_DEFECT_LATE_COLUMN=2");

    /// <summary>Every PE's 2:4 index mux picks the other activation of its pair (index i ^ 1).</summary>
    public static readonly RtlConfig IndexMuxDefect = new(4, 4, 16, "SIM_DEFECT_INDEX_MUX");

    /// <summary>Two weight buffers per PE (weight_buffers: 2), non-square, 16-bit operands.</summary>
    public static readonly RtlConfig TwoBanks6x5 = new(6, 5, 16) { WeightBuffers = 2 };

    /// <summary>Two weight buffers, the MAC ignoring the activation's bank (always bank 0).</summary>
    public static readonly RtlConfig BankDefect = new(4, 4, 16, "SIM_DEFECT_BANK") { WeightBuffers = 2 };

    /// <summary>Output-stationary, 8-bit operands, more rows than columns; also the array of the OS scenario tests.</summary>
    public static readonly RtlConfig OsInt8Array5x3 = new(5, 3, 8) { OutputStationary = true };

    /// <summary>Output-stationary, 16-bit operands, square.</summary>
    public static readonly RtlConfig OsInt16Array6x6 = new(6, 6, 16) { OutputStationary = true };

    /// <summary>Output-stationary, 16-bit operands, two rows: the shortest drain, the widest skew.</summary>
    public static readonly RtlConfig OsInt16Array2x5 = new(2, 5, 16) { OutputStationary = true };

    /// <summary>Output-stationary, row 1 holding its accumulator on drain edges instead of taking row 0's.</summary>
    public static readonly RtlConfig OsDrainRowDefect = new(4, 4, 16, "SIM_DEFECT_OS_DRAIN_ROW=1") { OutputStationary = true };
}
