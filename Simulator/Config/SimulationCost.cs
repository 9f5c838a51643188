namespace Sim.Config;

/// <summary>
/// What simulating a PE-array layer costs the host: its MACs (the fast model and the golden model each compute
/// every one) and the bytes it holds at once (input, weights, output and the lowered GEMM operands, as 16-bit
/// values). Doubles, so that absurd shapes saturate instead of overflowing.
/// </summary>
internal readonly record struct SimulationCost(double Macs, double HostBytes, double LoweredElements)
{
    public static SimulationCost Of(LayerSpec layer) => layer switch
    {
        Conv2DLayer c => Gemm(c.Groups, (double)c.Batch * c.OutHeight * c.OutWidth, (double)c.InChannels / c.Groups * c.KernelH * c.KernelW,
            (double)c.OutChannels / c.Groups, c.InputElements),
        GemmLayer g => Gemm(1, g.M, g.K, g.N, g.InputElements),
        _ => new SimulationCost(0, 2.0 * (layer.InputElements + layer.OutputElements), 0),
    };

    /// <summary>Groups GEMMs of [m, k] x [k, n] lowered from an input of <paramref name="input"/> elements.</summary>
    private static SimulationCost Gemm(int groups, double m, double k, double n, double input)
    {
        double lowered = m * k;
        double elements = input + groups * k * n + groups * m * n + lowered + k * n;
        return new SimulationCost(groups * m * k * n, 2 * elements, lowered);
    }
}
