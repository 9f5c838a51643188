using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The output-stationary Verilog array (<see cref="RtlOsArray"/>) and the register-level
/// <see cref="OutputStationaryArray"/> driven with the same inputs on every edge, every output compared after
/// every edge (<see cref="LockstepChecks.FirstDifference"/>: psum_out, psum_valid_out and the MAC counters). As an
/// <see cref="IOutputStationaryArray"/> it runs an <see cref="OutputStationaryDriver"/> tile or any other input
/// stream; the first divergence throws <see cref="CosimMismatchException"/> naming cycle, signal, expected and
/// actual value, with the RTL's waveform around it (<see cref="LockstepChecks.WriteWaveform"/>) when a directory
/// is given.
/// </summary>
internal sealed class OutputStationaryLockstep(RtlConfig config, string? waveformDirectory)
    : LockstepPair<OutputStationaryArray, RtlOsArray>(new OutputStationaryArray(config.Rows, config.Cols), new RtlOsArray(config), waveformDirectory),
      IOutputStationaryArray
{
    // Flags per edge: zero_gating_en, drain, act_valid_in[Rows], weight_valid_in[Cols]; values: act_in[Rows], weight_in[Cols].
    private PeDatapath _datapath = PeDatapath.Int8;
    private bool _zeroGating;

    public override void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        base.Configure(datapath, features);
        _datapath = datapath;
        _zeroGating = features.ZeroGating;
    }

    public void Step(in OutputStationaryInputs inputs)
    {
        Reference.Step(inputs);
        Rtl.Step(inputs);
        if (Records) Record(inputs);
        Compare();
    }

    private void Record(in OutputStationaryInputs inputs)
    {
        RecordedFlags.Add(_zeroGating);
        RecordedFlags.Add(inputs.Drain);
        RecordedFlags.AddRange(inputs.ActivationValid);
        RecordedFlags.AddRange(inputs.WeightValid);
        RecordedValues.AddRange(inputs.Activations);
        RecordedValues.AddRange(inputs.Weights);
    }

    /// <summary>Replays the recorded cycles (then idle ones: nothing valid, no drain; the mode as it was) into a fresh array.</summary>
    protected override CosimDivergence WriteWaveform(CosimDivergence divergence)
    {
        int flagsPerCycle = 2 + Rows + Cols, valuesPerCycle = Rows + Cols;
        var flags = new bool[flagsPerCycle];
        var values = new short[valuesPerCycle];
        return LockstepChecks.WriteWaveform(divergence, WaveformDirectory, () => new RtlOsArray(Config), (replay, cycle) =>
        {
            if (cycle <= divergence.Cycle)
            {
                RecordedFlags.CopyTo((int)(cycle - 1) * flagsPerCycle, flags, 0, flagsPerCycle);
                RecordedValues.CopyTo((int)(cycle - 1) * valuesPerCycle, values, 0, valuesPerCycle);
            }
            else
            {
                System.Array.Clear(flags, 1, flagsPerCycle - 1);
                System.Array.Clear(values);
            }
            if (cycle == 1 || flags[0] != replay.ZeroGating)
                replay.Configure(_datapath, new PeArrayFeatures(flags[0], SkipZeroVectors: false, Structured24: false));
            replay.Step(new OutputStationaryInputs(values.AsSpan(0, Rows), flags.AsSpan(2, Rows),
                values.AsSpan(Rows, Cols), flags.AsSpan(2 + Rows, Cols), drain: flags[1]));
        });
    }
}
