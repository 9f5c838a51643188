using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The weight-stationary Verilog PE array and the register-level <see cref="SystolicArray"/> driven with the
/// same inputs on every edge, every output compared after every edge (<see cref="LockstepChecks.FirstDifference"/>:
/// partial sums, their valid bits and the MAC counters). As an <see cref="IPeArray"/> it runs anything the
/// models run, a <see cref="TileDriver"/> tile included; the first divergence throws
/// <see cref="CosimMismatchException"/> naming cycle, signal, expected and actual value, with the RTL's
/// waveform around it (<see cref="LockstepChecks.WriteWaveform"/>) when a directory is given.
/// </summary>
/// <param name="protocolAssertions">Whether the RTL's protocol assertions are checked (<see cref="RtlPeArray.ProtocolAssertions"/>):
/// off only for input streams that break the protocol on purpose, to compare every state the ports can reach.</param>
internal sealed class LockstepCosimulator(RtlConfig config, string? waveformDirectory, bool protocolAssertions = true)
    : LockstepPair<SystolicArray, RtlPeArray>(new SystolicArray(config.Rows, config.Cols),
        new RtlPeArray(config) { ProtocolAssertions = protocolAssertions }, waveformDirectory), IPeArray
{
    // Flags per edge: zero_gating_en, structured_2_4_en, weight_load_en, weight_load_bank, act_valid_in[Rows],
    // act_bank_in[Rows]; values: weight_in[Cols], act_in[Rows], act_group_in[4 Rows].
    private readonly List<byte> _recordedIndices = [];  // per cycle: weight_index_in[Cols]
    private readonly short[] _noGroups = new short[4 * config.Rows];
    private readonly byte[] _noIndices = new byte[config.Cols];
    private readonly bool[] _noBanks = new bool[config.Rows];

    public override void Reset()
    {
        base.Reset();
        _recordedIndices.Clear();
    }

    public void Step(in PeArrayInputs inputs)
    {
        Reference.Step(inputs);
        Rtl.Step(inputs);
        if (Records) Record(inputs);
        Compare();
    }

    private void Record(in PeArrayInputs inputs)
    {
        var features = Reference.Features;
        RecordedFlags.Add(features.ZeroGating);
        RecordedFlags.Add(features.Structured24);
        RecordedFlags.Add(inputs.WeightLoadEnable);
        RecordedFlags.Add(inputs.WeightLoadBank);
        RecordedFlags.AddRange(inputs.ActivationValid);
        RecordedFlags.AddRange(inputs.ActivationBank.IsEmpty ? _noBanks : inputs.ActivationBank);
        RecordedValues.AddRange(inputs.WeightRow);
        RecordedValues.AddRange(inputs.Activations);
        RecordedValues.AddRange(inputs.ActivationGroups.IsEmpty ? _noGroups : inputs.ActivationGroups);
        _recordedIndices.AddRange(inputs.WeightIndexRow.IsEmpty ? _noIndices : inputs.WeightIndexRow);
    }

    /// <summary>Replays the recorded cycles (then idle ones: no load, no valid activation; the mode as it was) into a fresh array.</summary>
    protected override CosimDivergence WriteWaveform(CosimDivergence divergence)
    {
        int flagsPerCycle = 4 + 2 * Rows, valuesPerCycle = Cols + 5 * Rows;
        var flags = new bool[flagsPerCycle];
        var values = new short[valuesPerCycle];
        var indices = new byte[Cols];
        return LockstepChecks.WriteWaveform(divergence, WaveformDirectory, () => new RtlPeArray(Config), (replay, cycle) =>
        {
            if (cycle <= divergence.Cycle)
            {
                RecordedFlags.CopyTo((int)(cycle - 1) * flagsPerCycle, flags, 0, flagsPerCycle);
                RecordedValues.CopyTo((int)(cycle - 1) * valuesPerCycle, values, 0, valuesPerCycle);
                _recordedIndices.CopyTo((int)(cycle - 1) * Cols, indices, 0, Cols);
            }
            else
            {
                System.Array.Clear(flags, 2, flagsPerCycle - 2);
                System.Array.Clear(values);
                System.Array.Clear(indices);
            }
            var mode = new PeArrayFeatures(flags[0], SkipZeroVectors: false, flags[1]);
            if (mode != replay.Features)
                replay.Configure(Reference.Datapath, mode);
            replay.Step(new PeArrayInputs(flags[2], values.AsSpan(0, Cols), indices,
                values.AsSpan(Cols, Rows), flags.AsSpan(4, Rows), values.AsSpan(Cols + Rows, 4 * Rows))
            {
                WeightLoadBank = flags[3],
                ActivationBank = flags.AsSpan(4 + Rows, Rows),
            });
        });
    }
}
