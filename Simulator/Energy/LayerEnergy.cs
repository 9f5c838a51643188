namespace Sim.Energy;

/// <summary>One kind of action a component did in a layer: how many, and the table's energy for each (pJ).</summary>
internal readonly record struct ActionEnergy(string Action, long Count, double PjEach)
{
    public double Pj => Count * PjEach;
}

/// <summary>
/// One component's energy in a layer: switching (the sum of its <see cref="Actions"/>) and static (leakage: its
/// static power, mW = pJ/ns, over the layer's <see cref="LeakageNs"/>), in pJ.
/// </summary>
internal sealed record ComponentEnergy(string Component, IReadOnlyList<ActionEnergy> Actions, double LeakageMw, double LeakageNs)
{
    public double DynamicPj => Actions.Sum(a => a.Pj);
    public double LeakagePj => LeakageMw * LeakageNs;
    public double TotalPj => DynamicPj + LeakagePj;

    /// <summary>The actions with their counts ("lines read 375; written 175"), as energy.csv's last column shows them.</summary>
    public string ActionCounts => string.Join("; ", Actions.Select(a => $"{a.Action} {a.Count}"));
}

/// <summary>A layer's energy, component by component, in a fixed order; a multi-core chip's adds its network, "noc", last.</summary>
internal sealed record LayerEnergy(IReadOnlyList<ComponentEnergy> Components)
{
    public static readonly IReadOnlyList<string> ComponentNames =
        ["pe_array", "vector_unit", "sfu", "input_scratchpad", "weight_scratchpad", "output_scratchpad", "dram", "host_link"];

    public double TotalPj => Components.Sum(c => c.TotalPj);
}
