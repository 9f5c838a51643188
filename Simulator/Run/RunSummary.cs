using Sim.Area;
using Sim.Config;
using Sim.Scenarios;

namespace Sim.Run;

/// <summary>A whole scenario's run: its layers' results and the totals an architect compares.</summary>
internal sealed record RunSummary(
    string Scenario,
    string Hardware,
    int Seed,
    double ClockMhz,
    string EnergyTable,
    IReadOnlyList<LayerResult> Layers,
    double WallSeconds)
{
    /// <summary>The PE array's rows and columns: with the clock, the peak MAC rate of a roofline.</summary>
    public int PeRows { get; init; }
    public int PeCols { get; init; }

    /// <summary>Device memory in one line.</summary>
    public string Memory { get; init; } = "";

    /// <summary>The hardware's roofs: peak MAC rate and the scratchpads', device memory's and host link's bandwidths.</summary>
    public HardwareRoofs Roofs { get; init; } = new(0, 0, 0, 0);

    /// <summary>An imported graph's output values by name, as the accelerator computed them; empty for YAML layers.</summary>
    public IReadOnlyDictionary<string, Sim.Graph.GraphValue> Outputs { get; init; } = new Dictionary<string, Sim.Graph.GraphValue>();

    /// <summary>A run of <paramref name="scenario"/> on its hardware, with the hardware's figures the reports redraw from.</summary>
    public static RunSummary Of(Scenarios.ScenarioConfig scenario, IReadOnlyList<LayerResult> layers, double wallSeconds)
    {
        var hw = scenario.Hardware;
        return new RunSummary(scenario.Name, hw.Name, scenario.Seed, hw.PeArray.ClockMhz,
            $"{hw.Energy.Name} ({hw.Energy.TechnologyNodeNm} nm)", layers, wallSeconds)
        {
            PeRows = hw.PeArray.Rows,
            PeCols = hw.PeArray.Cols,
            Memory = hw.Memory.Describe(),
            Roofs = HardwareRoofs.Of(hw),
            Area = AreaModel.Of(hw),
            Batch = scenario.Batch,
        };
    }

    /// <summary>The accelerator's silicon area (<see cref="AreaModel"/>).</summary>
    public AreaBreakdown Area { get; init; } = new([], 0);

    /// <summary>The run's energy in pJ: its layers' (the weights' preload is apart, in <see cref="Setup"/>).</summary>
    public double EnergyPj => Layers.Sum(l => l.Energy.TotalPj);

    /// <summary>Tera-operations (a MAC is two) per second of latency.</summary>
    public double EffectiveTops => LatencyMicroseconds == 0 ? 0 : 2.0 * TotalMacs / (LatencyMicroseconds * 1e-6) / 1e12;

    /// <summary>Tera-operations per joule: TOPS per watt.</summary>
    public double TopsPerWatt => EnergyPj == 0 ? 0 : 2.0 * TotalMacs / (EnergyPj * 1e-12) / 1e12;

    public double PjPerMac => TotalMacs == 0 ? 0 : EnergyPj / TotalMacs;

    /// <summary>Inferences per second per mm^2 of silicon.</summary>
    public double InferencesPerSecondPerMm2 => LatencyMicroseconds == 0 || Area.TotalMm2 == 0 ? 0 : Batch * 1e6 / LatencyMicroseconds / Area.TotalMm2;

    /// <summary>
    /// Inferences the run computes together (the scenario's <c>batch:</c>). Split across the cores they all finish with the
    /// run: each one's latency is the run's; pipelined, each has its own (<see cref="Pipeline"/>). The throughput is the
    /// batch over the run's latency.
    /// </summary>
    public int Batch { get; init; } = 1;

    /// <summary>Inferences per second: the batch over the run's latency.</summary>
    public double InferencesPerSecond => LatencyMicroseconds == 0 ? 0 : Batch * 1e6 / LatencyMicroseconds;

    /// <summary>The run's energy per inference, in pJ.</summary>
    public double EnergyPerInferencePj => EnergyPj / Batch;

    /// <summary>How the layers were offloaded: "network" (one program) or "layer" (each alone).</summary>
    public string Offload { get; init; } = "layer";

    /// <summary>The weights' preload before a network's timed inference, or null when layers were offloaded alone.</summary>
    public SetupResult? Setup { get; init; }

    /// <summary>A network program's cycles from its first command to its last output's landing; null: the layers' sum.</summary>
    public long? ProgramCycles { get; init; }

    /// <summary>A layer-pipelined run's stages and inferences' latencies; null when the layers were split across the cores.</summary>
    public PipelineResult? Pipeline { get; init; }

    /// <summary>The mean and longest latency of one inference, in microseconds: a pipelined run's own, else the run's.</summary>
    public double MeanInferenceMicroseconds => Pipeline is null ? LatencyMicroseconds : Pipeline.LatencyCycles.Average() / ClockMhz;
    public double MaxInferenceMicroseconds => Pipeline is null ? LatencyMicroseconds : Pipeline.LatencyCycles.Max() / ClockMhz;

    /// <summary>The run's latency in core cycles: the program's, or the layers' one after another.</summary>
    public long TotalCycles => ProgramCycles ?? Layers.Sum(l => l.Cycles);
    public long TotalMacs => Layers.Sum(l => l.Macs);
    public bool AllBitExact => Layers.All(l => l.BitExact);
    public double LatencyMicroseconds => TotalCycles / ClockMhz;
}

/// <summary>The weights written to device memory before the timed inference: bytes, time and energy, reported apart.</summary>
internal sealed record SetupResult(long WeightBytes, long Cycles, double Microseconds, Sim.Energy.LayerEnergy Energy);
