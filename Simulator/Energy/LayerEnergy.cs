namespace Sim.Energy;

/// <summary>One component's energy in a layer: switching (dynamic) and static (leakage), in pJ.</summary>
internal readonly record struct ComponentEnergy(string Component, double DynamicPj, double LeakagePj)
{
    public double TotalPj => DynamicPj + LeakagePj;

    /// <summary>The actions priced, with their counts ("lines read 375; written 175"), as energy.csv shows them.</summary>
    public string Actions { get; init; } = "";
}

/// <summary>A layer's energy, component by component, in a fixed order.</summary>
internal sealed record LayerEnergy(IReadOnlyList<ComponentEnergy> Components)
{
    public static readonly IReadOnlyList<string> ComponentNames =
        ["pe_array", "vector_unit", "input_scratchpad", "weight_scratchpad", "output_scratchpad", "dram", "host_link"];

    public double TotalPj => Components.Sum(c => c.TotalPj);
}
