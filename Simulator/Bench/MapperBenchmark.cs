using System.Diagnostics;
using Sim.Config;
using Sim.Mapping;
using Sim.Scenarios;

namespace Sim.Bench;

/// <summary>
/// The mapper's own speed: every conv and gemm layer of a scenario mapped (<see cref="Mapper"/>) as a run maps
/// it, on zero operands (the search prices shapes, not values), repeated to time a whole network.
/// </summary>
internal static class MapperBenchmark
{
    public sealed record Result(int Layers, int Repeats, double Seconds)
    {
        public double SecondsPerNetwork => Seconds / Repeats;
    }

    public static Result Measure(ScenarioConfig scenario, int repeats)
    {
        var hw = scenario.Hardware;
        var layers = scenario.Layers.Select(l => (Gemm: ShapeOperands.Of(hw, l), Format: l.FormatOn(hw), l.Mapping))
            .Where(l => l.Gemm is not null).Select(l => (l.Gemm!.Value.Shape, l.Gemm.Value.Operands, l.Format, l.Mapping)).ToList();
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++)
            foreach (var (shape, operands, format, choice) in layers)
                Mapper.Map(hw, shape, operands, format, structured24: false, choice);
        return new Result(layers.Count, repeats, clock.Elapsed.TotalSeconds);
    }
}
