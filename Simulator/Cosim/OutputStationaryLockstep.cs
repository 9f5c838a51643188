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
internal sealed class OutputStationaryLockstep : IOutputStationaryArray, IDisposable
{
    private readonly OutputStationaryArray _reference;
    private readonly RtlOsArray _rtl;
    private readonly string? _waveformDirectory;
    private PeDatapath _datapath = PeDatapath.Int8;
    private bool _zeroGating;
    private readonly List<bool> _recordedFlags = [];    // per cycle: zero_gating_en, drain, act_valid_in[Rows], weight_valid_in[Cols]
    private readonly List<short> _recordedValues = [];  // per cycle: act_in[Rows], weight_in[Cols]

    /// <param name="waveformDirectory">Where a divergence's VCD goes; null writes none.</param>
    public OutputStationaryLockstep(RtlConfig config, string? waveformDirectory)
    {
        _reference = new OutputStationaryArray(config.Rows, config.Cols);
        _rtl = new RtlOsArray(config);
        _waveformDirectory = waveformDirectory;
    }

    public RtlConfig Config => _rtl.Config;
    public int Rows => _reference.Rows;
    public int Cols => _reference.Cols;
    public long Cycle => _reference.Cycle;
    public ReadOnlySpan<int> PartialSumOut => _reference.PartialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => _reference.PartialSumOutValid;
    public ReadOnlySpan<long> MacsActive => _reference.MacsActive;
    public ReadOnlySpan<long> MacsGated => _reference.MacsGated;
    public ReadOnlySpan<long> MacsRepeated => _reference.MacsRepeated;

    public void Reset()
    {
        _reference.Reset();
        _rtl.Reset();
        _recordedFlags.Clear();
        _recordedValues.Clear();
    }

    public void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        _rtl.Configure(datapath, features);
        _reference.Configure(datapath, features);
        _datapath = datapath;
        _zeroGating = features.ZeroGating;
    }

    public void Step(in OutputStationaryInputs inputs)
    {
        _reference.Step(inputs);
        _rtl.Step(inputs);
        _recordedFlags.Add(_zeroGating);
        _recordedFlags.Add(inputs.Drain);
        _recordedFlags.AddRange(inputs.ActivationValid);
        _recordedFlags.AddRange(inputs.WeightValid);
        _recordedValues.AddRange(inputs.Activations);
        _recordedValues.AddRange(inputs.Weights);

        var divergence = LockstepChecks.FirstDifference(Config, _reference, _rtl);
        if (divergence is not null)
            throw new CosimMismatchException(WriteWaveform(divergence));
    }

    public void Dispose() => _rtl.Dispose();

    /// <summary>Replays the recorded cycles (then idle ones: nothing valid, no drain; the mode as it was) into a fresh array.</summary>
    private CosimDivergence WriteWaveform(CosimDivergence divergence)
    {
        int flagsPerCycle = 2 + Rows + Cols, valuesPerCycle = Rows + Cols;
        var flags = new bool[flagsPerCycle];
        var values = new short[valuesPerCycle];
        return LockstepChecks.WriteWaveform(divergence, _waveformDirectory, () => new RtlOsArray(Config), (replay, cycle) =>
        {
            if (cycle <= divergence.Cycle)
            {
                _recordedFlags.CopyTo((int)(cycle - 1) * flagsPerCycle, flags, 0, flagsPerCycle);
                _recordedValues.CopyTo((int)(cycle - 1) * valuesPerCycle, values, 0, valuesPerCycle);
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
