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
internal sealed class LockstepCosimulator : IPeArray, IDisposable
{
    private readonly SystolicArray _reference;
    private readonly RtlPeArray _rtl;
    private readonly string? _waveformDirectory;
    // per cycle: zero_gating_en, structured_2_4_en, weight_load_en, weight_load_bank, act_valid_in[Rows], act_bank_in[Rows]
    private readonly List<bool> _recordedFlags = [];
    private readonly List<short> _recordedValues = [];  // per cycle: weight_in[Cols], act_in[Rows], act_group_in[4 Rows]
    private readonly List<byte> _recordedIndices = [];  // per cycle: weight_index_in[Cols]
    private readonly short[] _noGroups;
    private readonly byte[] _noIndices;
    private readonly bool[] _noBanks;

    /// <param name="waveformDirectory">Where a divergence's VCD goes; null writes none.</param>
    public LockstepCosimulator(RtlConfig config, string? waveformDirectory)
    {
        _reference = new SystolicArray(config.Rows, config.Cols);
        _rtl = new RtlPeArray(config);
        _waveformDirectory = waveformDirectory;
        _noGroups = new short[4 * config.Rows];
        _noIndices = new byte[config.Cols];
        _noBanks = new bool[config.Rows];
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
        _recordedIndices.Clear();
    }

    public void Configure(in PeDatapath datapath, in PeArrayFeatures features)
    {
        _rtl.Configure(datapath, features);
        _reference.Configure(datapath, features);
    }

    public void Step(in PeArrayInputs inputs)
    {
        _reference.Step(inputs);
        _rtl.Step(inputs);
        var features = _reference.Features;
        _recordedFlags.Add(features.ZeroGating);
        _recordedFlags.Add(features.Structured24);
        _recordedFlags.Add(inputs.WeightLoadEnable);
        _recordedFlags.Add(inputs.WeightLoadBank);
        _recordedFlags.AddRange(inputs.ActivationValid);
        _recordedFlags.AddRange(inputs.ActivationBank.IsEmpty ? _noBanks : inputs.ActivationBank);
        _recordedValues.AddRange(inputs.WeightRow);
        _recordedValues.AddRange(inputs.Activations);
        _recordedValues.AddRange(inputs.ActivationGroups.IsEmpty ? _noGroups : inputs.ActivationGroups);
        _recordedIndices.AddRange(inputs.WeightIndexRow.IsEmpty ? _noIndices : inputs.WeightIndexRow);

        var divergence = LockstepChecks.FirstDifference(Config, _reference, _rtl);
        if (divergence is not null)
            throw new CosimMismatchException(WriteWaveform(divergence));
    }

    public void Dispose() => _rtl.Dispose();

    /// <summary>Replays the recorded cycles (then idle ones: no load, no valid activation; the mode as it was) into a fresh array.</summary>
    private CosimDivergence WriteWaveform(CosimDivergence divergence)
    {
        int flagsPerCycle = 4 + 2 * Rows, valuesPerCycle = Cols + 5 * Rows;
        var flags = new bool[flagsPerCycle];
        var values = new short[valuesPerCycle];
        var indices = new byte[Cols];
        return LockstepChecks.WriteWaveform(divergence, _waveformDirectory, () => new RtlPeArray(Config), (replay, cycle) =>
        {
            if (cycle <= divergence.Cycle)
            {
                _recordedFlags.CopyTo((int)(cycle - 1) * flagsPerCycle, flags, 0, flagsPerCycle);
                _recordedValues.CopyTo((int)(cycle - 1) * valuesPerCycle, values, 0, valuesPerCycle);
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
                replay.Configure(_reference.Datapath, mode);
            replay.Step(new PeArrayInputs(flags[2], values.AsSpan(0, Cols), indices,
                values.AsSpan(Cols, Rows), flags.AsSpan(4, Rows), values.AsSpan(Cols + Rows, 4 * Rows))
            {
                WeightLoadBank = flags[3],
                ActivationBank = flags.AsSpan(4 + Rows, Rows),
            });
        });
    }
}
