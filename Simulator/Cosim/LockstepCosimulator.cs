using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>
/// The Verilog PE array and the register-level <see cref="SystolicArray"/> driven with the same
/// inputs on every edge, every output and valid bit compared after every edge. As an
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
public sealed class LockstepCosimulator : IPeArray, IDisposable
{
    public const int CyclesBefore = 32;
    public const int CyclesAfter = 4;

    private readonly SystolicArray _reference;
    private readonly RtlPeArray _rtl;
    private readonly string? _waveformDirectory;
    private readonly List<bool> _recordedFlags = [];   // per cycle: weight_load_en, act_valid_in[Rows]
    private readonly List<short> _recordedValues = [];  // per cycle: weight_in[Cols], act_in[Rows]

    /// <param name="waveformDirectory">Where a divergence's VCD goes; null writes none.</param>
    public LockstepCosimulator(RtlConfig config, string? waveformDirectory)
    {
        _reference = new SystolicArray(config.Rows, config.Cols);
        _rtl = new RtlPeArray(config);
        _waveformDirectory = waveformDirectory;
    }

    public RtlConfig Config => _rtl.Config;
    public int Rows => _reference.Rows;
    public int Cols => _reference.Cols;
    public long Cycle => _reference.Cycle;
    public ReadOnlySpan<int> PartialSumOut => _reference.PartialSumOut;
    public ReadOnlySpan<bool> PartialSumOutValid => _reference.PartialSumOutValid;

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
    }

    public void Step(in PeArrayInputs inputs)
    {
        _reference.Step(inputs);
        _rtl.Step(inputs);
        _recordedFlags.Add(inputs.WeightLoadEnable);
        _recordedFlags.AddRange(inputs.ActivationValid);
        _recordedValues.AddRange(inputs.WeightRow);
        _recordedValues.AddRange(inputs.Activations);

        var divergence = FirstDifference();
        if (divergence is not null)
            throw new CosimMismatchException(WriteWaveform(divergence));
    }

    public void Dispose() => _rtl.Dispose();

    /// <summary>Column by column, the valid bit before the sum: a sum that is late or early shows as its valid bit.</summary>
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
        int flagsPerCycle = 1 + Rows, valuesPerCycle = Cols + Rows;
        var flags = new bool[flagsPerCycle];
        var values = new short[valuesPerCycle];
        for (long cycle = 1; cycle <= last; cycle++)
        {
            if (cycle == first)
                replay.StartTrace(path);
            System.Array.Clear(flags);
            System.Array.Clear(values);
            if (cycle <= divergence.Cycle)
            {
                _recordedFlags.CopyTo((int)(cycle - 1) * flagsPerCycle, flags, 0, flagsPerCycle);
                _recordedValues.CopyTo((int)(cycle - 1) * valuesPerCycle, values, 0, valuesPerCycle);
            }
            replay.Step(new PeArrayInputs(flags[0], values.AsSpan(0, Cols), values.AsSpan(Cols), flags.AsSpan(1)));
        }
        replay.StopTrace();
        return divergence with { WaveformPath = path, WaveformFirstCycle = first, WaveformLastCycle = last };
    }
}
