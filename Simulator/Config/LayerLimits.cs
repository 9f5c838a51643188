namespace Sim.Config;

/// <summary>
/// The bounds a layer keeps whichever file describes it (a scenario's <c>layers:</c>, a SCALE-Sim topology): every
/// tensor fits a .NET array, and simulating it needs no more work and host memory than a run can give. Each check
/// returns why a layer breaks it, or null; the reader says where in its file.
/// </summary>
internal static class LayerLimits
{
    /// <summary>A tensor of more than 2^31 - 1 elements, or null.</summary>
    public static string? Tensor(string what, IReadOnlyList<long> shape)
    {
        // Each factor is at most 2^24 and there are at most 8, so saturate rather than overflow.
        double elements = shape.Aggregate(1.0, (acc, d) => acc * d);
        return elements > ConfigBounds.MaxTensorElements
            ? $"{what} tensor [{string.Join(", ", shape)}] has {elements:0} elements, more than the limit of {ConfigBounds.MaxTensorElements} (2^31 - 1)"
            : null;
    }

    /// <summary>A layer within every tensor bound can still need more work or memory than a run can give it.</summary>
    public static string? Cost(LayerSpec spec)
    {
        var cost = SimulationCost.Of(spec);
        if (cost.LoweredElements > ConfigBounds.MaxTensorElements)
            return $"its GEMM operand (im2col rows x window) has {cost.LoweredElements:0} elements, more than the limit of {ConfigBounds.MaxTensorElements} (2^31 - 1)";
        if (cost.Macs > ConfigBounds.MaxLayerMacs)
            return $"{cost.Macs:0.###e0} MACs, more than the limit of 2^40 per layer (the fast and golden models compute every one, about 10^9 a second)";
        if (cost.HostBytes > ConfigBounds.MaxLayerHostBytes)
            return $"simulating it needs {cost.HostBytes / (1L << 30):0.#} GiB of host memory " +
                   "(its input, weights, output and lowered operands), more than the limit of 4 GiB per layer";
        return null;
    }

    /// <summary>The MACs of a whole scenario beyond 2^42, or null.</summary>
    public static string? Scenario(IEnumerable<LayerSpec> layers)
    {
        double macs = layers.Sum(l => SimulationCost.Of(l).Macs);
        return macs > ConfigBounds.MaxScenarioMacs ? $"{macs:0.###e0} MACs in all, more than the limit of 2^42 per scenario" : null;
    }
}
