using System.Diagnostics;
using Sim.Config;
using Sim.Mapping;
using Sim.Scenarios;
using Sim.Tensors;

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
        var layers = new List<(GemmShape Shape, IGemmOperands Operands, LayerFormat Format)>();
        foreach (var layer in scenario.Layers)
        {
            var format = layer.FormatOn(hw);
            switch (layer)
            {
                case Conv2DLayer c:
                    layers.Add((GemmShape.Of(c), new ConvOperands(c, new Tensor<short>(c.Batch, c.InChannels, c.InHeight, c.InWidth),
                        new Tensor<short>(c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW)), format));
                    break;
                case GemmLayer g:
                    layers.Add((GemmShape.Of(g), new MatrixOperands(g, new Tensor<short>(g.M, g.K), new Tensor<short>(g.K, g.N)), format));
                    break;
            }
        }
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++)
            foreach (var (shape, operands, format) in layers)
                Mapper.Map(hw, shape, operands, format, structured24: false);
        return new Result(layers.Count, repeats, clock.Elapsed.TotalSeconds);
    }
}
