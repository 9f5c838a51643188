namespace Sim.Noc;

/// <summary>
/// Where the cores and device memory sit on the network and which directed links a packet crosses between them.
/// Memory is one node; every route runs between it and a core (the cores exchange nothing directly: a layer's
/// outputs go through device memory to the next layer).
/// </summary>
internal interface INocTopology
{
    int Links { get; }

    /// <summary>A link's name for timeline tracks and reports ("(0,0)->(1,0)").</summary>
    string LinkName(int link);

    /// <summary>The links from <paramref name="core"/> to memory, in order.</summary>
    int[] ToMemory(int core);

    /// <summary>The links from memory to <paramref name="core"/>, in order.</summary>
    int[] FromMemory(int core);

    /// <summary>One line for reports: the shape and where memory sits.</summary>
    string Describe();

    public static INocTopology Of(NocConfig noc, int cores) => noc.Topology switch
    {
        NocTopologyKind.Ring => new RingTopology(cores),
        _ => new MeshTopology(cores),
    };
}
