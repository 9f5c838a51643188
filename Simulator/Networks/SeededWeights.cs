using Sim.Onnx;
using Sim.Workload;

namespace Sim.Networks;

/// <summary>
/// The float32 initializers of a network Sim writes itself: each tensor normal from its own stream of the seed
/// (<see cref="OperandGenerator"/>, keyed by the tensor's position), so adding a tensor never changes the ones before it.
/// </summary>
internal sealed class SeededWeights(OnnxGraphBuilder graph, int seed)
{
    private int _tensors;

    /// <summary>A tensor of N(<paramref name="mean"/>, <paramref name="deviation"/>²) values; returns its name.</summary>
    public string Normal(string name, double deviation, params int[] shape) => Normal(name, deviation, shape, mean: 0);

    public string Normal(string name, double deviation, int[] shape, double mean)
    {
        var values = new OperandGenerator(seed, _tensors++).Floats(shape, 0, deviation).Data;
        if (mean != 0)
            for (int i = 0; i < values.Length; i++) values[i] = (float)(values[i] + mean);
        return graph.Floats(name, values, Array.ConvertAll(shape, d => (long)d));
    }
}
