using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The Verilog PE array and the register-level <see cref="SystolicArray"/> driven with the same
/// inputs on every edge, every output compared after every edge: partial sums, their valid bits and
/// the MAC counters (active, gated, repeated; the RTL's are 32 bits, compared modulo 2^32). As an
/// <see cref="IPeArray"/> it runs anything the models run, a <see cref="TileDriver"/> tile included;
/// the first divergence throws <see cref="CosimMismatchException"/> naming cycle, signal, expected
/// and actual value.
/// </summary>
/// <remarks>
/// Waveform: tracing every cycle would slow every run for the rare failing one, so instead the
/// inputs since the last reset are recorded (a few bytes per PE row and column per cycle) and, on a
/// divergence, replayed into a fresh RTL array with its VCD opened <see cref="CyclesBefore"/> cycles
/// before the divergent one. The recording ends at the divergent cycle, so the trace then runs
/// <see cref="CyclesAfter"/> more cycles with idle inputs (no load, no valid activation) to show
/// where the wrong value goes next. The replay is the same RTL on the same inputs, so it diverges
/// at the same cycle.
/// </remarks>
internal sealed class LockstepCosimulator : IPeArray, IDisposable
{
    public const int CyclesBefore = 32;
    public const int CyclesAfter = 4;

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

        var divergence = FirstDifference();
        if (divergence is not null)
            throw new CosimMismatchException(WriteWaveform(divergence));
    }

    public void Dispose() => _rtl.Dispose();

    /// <summary>
    /// Column by column, the valid bit before the sum (a sum that is late or early shows as its valid bit),
    /// then the MAC counters, active, gated, repeated, compared modulo 2^32 as the RTL's registers wrap.
    /// </summary>
    private CosimDivergence? FirstDifference()
    {
        var expectedSums = _reference.PartialSumOut;
        var expectedValid = _reference.PartialSumOutValid;
        var actualSums = _rtl.PartialSumOut;
        var actualValid = _rtl.PartialSumOutValid;
        for (int c = 0; c < Cols; c++)
        {
            if (expectedValid[c] != actualValid[c])
                return Divergence($"psum_valid_out[{c}]", expectedValid[c] ? 1 : 0, actualValid[c] ? 1 : 0);
            if (expectedSums[c] != actualSums[c])
                return Divergence($"psum_out[{c}]", expectedSums[c], actualSums[c]);
        }
        return CounterDifference("mac_active_out", _reference.MacsActive, _rtl.MacsActive)
            ?? CounterDifference("mac_gated_out", _reference.MacsGated, _rtl.MacsGated)
            ?? CounterDifference("mac_repeated_out", _reference.MacsRepeated, _rtl.MacsRepeated);
    }

    private CosimDivergence? CounterDifference(string port, ReadOnlySpan<long> expected, ReadOnlySpan<long> actual)
    {
        for (int c = 0; c < Cols; c++)
            if ((uint)expected[c] != (uint)actual[c])
                return Divergence($"{port}[{c}]", (uint)expected[c], actual[c]);
        return null;
    }

    private CosimDivergence Divergence(string signal, long expected, long actual) =>
        new(Config.Name, Cycle, signal, expected, actual, null, 0, 0);

    private CosimDivergence WriteWaveform(CosimDivergence divergence)
    {
        if (_waveformDirectory is null)
            return divergence;
        Directory.CreateDirectory(_waveformDirectory);
        string path = Path.GetFullPath(Path.Combine(_waveformDirectory, $"pe_array-{Config.Name}-cycle{divergence.Cycle}.vcd"));
        long first = Math.Max(1, divergence.Cycle - CyclesBefore);
        long last = divergence.Cycle + CyclesAfter;

        using var replay = new RtlPeArray(Config);
        int flagsPerCycle = 4 + 2 * Rows, valuesPerCycle = Cols + 5 * Rows;
        var flags = new bool[flagsPerCycle];
        var values = new short[valuesPerCycle];
        var indices = new byte[Cols];
        for (long cycle = 1; cycle <= last; cycle++)
        {
            if (cycle == first)
                replay.StartTrace(path);
            if (cycle <= divergence.Cycle)
            {
                _recordedFlags.CopyTo((int)(cycle - 1) * flagsPerCycle, flags, 0, flagsPerCycle);
                _recordedValues.CopyTo((int)(cycle - 1) * valuesPerCycle, values, 0, valuesPerCycle);
                _recordedIndices.CopyTo((int)(cycle - 1) * Cols, indices, 0, Cols);
            }
            else
            {
                // Idle inputs after the divergence; the mode stays as it was.
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
        }
        replay.StopTrace();
        return divergence with { WaveformPath = path, WaveformFirstCycle = first, WaveformLastCycle = last };
    }
}
