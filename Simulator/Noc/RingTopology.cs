namespace Sim.Noc;

/// <summary>
/// A bidirectional ring of cores + 1 nodes: node 0 is device memory, core c is node c + 1. A packet goes the shorter
/// way round (clockwise, towards higher node numbers, on a tie). No route passes through node 0, so the ring's
/// cyclic channel dependency is never closed and one virtual channel cannot deadlock.
/// </summary>
internal sealed class RingTopology : INocTopology
{
    private readonly int _nodes;
    private readonly int[][] _toMemory, _fromMemory;

    public RingTopology(int cores)
    {
        _nodes = cores + 1;
        _toMemory = new int[cores][];
        _fromMemory = new int[cores][];
        for (int c = 0; c < cores; c++)
        {
            _toMemory[c] = Route(c + 1, 0);
            _fromMemory[c] = Route(0, c + 1);
        }
    }

    /// <summary>Links 0..n-1 run clockwise from node i to i+1; links n..2n-1 anticlockwise from node i to i-1.</summary>
    public int Links => 2 * _nodes;

    public string LinkName(int link) => link < _nodes
        ? $"{Name(link)}->{Name((link + 1) % _nodes)}"
        : $"{Name(link - _nodes)}->{Name((link - _nodes + _nodes - 1) % _nodes)}";

    public int[] ToMemory(int core) => _toMemory[core];
    public int[] FromMemory(int core) => _fromMemory[core];
    public string Describe() => $"ring of {_nodes} nodes, memory at node 0";

    private int[] Route(int from, int to)
    {
        int clockwise = (to - from + _nodes) % _nodes;
        bool forward = clockwise <= _nodes - clockwise;
        int hops = forward ? clockwise : _nodes - clockwise;
        var links = new int[hops];
        for (int h = 0, node = from; h < hops; h++)
        {
            links[h] = forward ? node : _nodes + node;
            node = forward ? (node + 1) % _nodes : (node + _nodes - 1) % _nodes;
        }
        return links;
    }

    private static string Name(int node) => node == 0 ? "memory" : $"core {node - 1}";
}
