namespace Sim.PeArray;

/// <summary>Every dataflow, registered by its YAML name: adding one is its class and a line here.</summary>
internal static class Dataflow
{
    public static readonly IDataflow WeightStationary = new WeightStationary();
    public static readonly IDataflow OutputStationary = new OutputStationary();
    public static readonly IDataflow InputStationary = new InputStationary();

    public static readonly IReadOnlyList<IDataflow> All = [WeightStationary, OutputStationary, InputStationary];

    /// <summary>(name, dataflow) pairs for the YAML reader.</summary>
    public static readonly IReadOnlyList<(string Name, IDataflow Value)> Names = All.Select(d => (d.Name, d)).ToArray();
}
