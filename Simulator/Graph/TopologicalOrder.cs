using Sim.Config;

namespace Sim.Graph;

/// <summary>
/// Orders a graph's nodes so that every node comes after the nodes whose outputs it reads (Kahn's
/// algorithm, ties in file order). A value nobody produces, or a cycle, is an <see cref="InputError"/>.
/// </summary>
internal static class TopologicalOrder
{
    public static List<GraphNode> Sort(IReadOnlyList<GraphNode> nodes, IEnumerable<string> available)
    {
        var known = new HashSet<string>(available, StringComparer.Ordinal);
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
            foreach (var o in nodes[i].Outputs.Where(o => o.Length > 0))
            {
                if (known.Contains(o) || !producer.TryAdd(o, i))
                    throw new InputError($"node '{nodes[i].Describe}': value '{o}' is defined more than once");
            }
        var waiting = new int[nodes.Count];
        var consumers = new List<int>[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) consumers[i] = [];
        for (int i = 0; i < nodes.Count; i++)
            foreach (var input in nodes[i].Inputs.Where(n => n.Length > 0).Distinct())
            {
                if (producer.TryGetValue(input, out int p)) { waiting[i]++; consumers[p].Add(i); }
                else if (!known.Contains(input))
                    throw new InputError($"node '{nodes[i].Describe}': input '{input}' is not a graph input, an initializer or any node's output");
            }
        var ready = new SortedSet<int>(Enumerable.Range(0, nodes.Count).Where(i => waiting[i] == 0));
        var order = new List<GraphNode>(nodes.Count);
        while (ready.Count > 0)
        {
            int i = ready.Min;
            ready.Remove(i);
            order.Add(nodes[i]);
            foreach (int c in consumers[i])
                if (--waiting[c] == 0) ready.Add(c);
        }
        if (order.Count != nodes.Count)
        {
            var stuck = nodes.Where((_, i) => waiting[i] > 0).First();
            throw new InputError($"the graph has a cycle through node '{stuck.Describe}'");
        }
        return order;
    }
}
