using Sim.Config;

namespace Sim.Run;

/// <summary>
/// A scenario's layers as a network: which layer's output each input reads, and which element-wise
/// layers run in the output stage of the PE-array layer before them.
/// <list type="bullet">
/// <item>A layer's inputs are its <c>inputs:</c>; without them, the previous layer's output when that has
///   as many elements as the layer reads and is in the format it reads (a listing in order); otherwise a
///   tensor of its own, which the host sends up the link before the layer starts.</item>
/// <item>A ReLU, a clip or an add fuses (when fusion is on for the scenario and the layer) into the conv or gemm
///   whose output it reads, when nothing else reads that output, the fused chain so far ends in it, and,
///   for an add, the other operand is already in device memory: written by a layer that runs before the
///   conv, or the host's. An add fuses into the later of its two producers; a chain holds one add.</item>
/// <item>Outputs that no layer reads are the network's: they go down the host link once written.</item>
/// </list>
/// </summary>
internal sealed class NetworkGraph
{
    /// <summary>Per layer, per input: the layer whose output it reads, or -1 for a tensor of its own.</summary>
    public IReadOnlyList<int[]> Producers { get; }

    /// <summary>Per layer: the PE-array layer whose output stage runs it, or -1 when it runs on its own.</summary>
    public IReadOnlyList<int> FusedInto { get; }

    /// <summary>Per layer: how many inputs of other layers read its output.</summary>
    public IReadOnlyList<int> Readers { get; }

    private readonly List<int>[] _fused;

    public NetworkGraph(IReadOnlyList<LayerSpec> layers, HardwareConfig hw, bool fuse)
    {
        int n = layers.Count;
        var producers = new int[n][];
        var readers = new int[n];
        for (int i = 0; i < n; i++)
        {
            producers[i] = ProducersOf(layers, i, hw);
            foreach (int p in producers[i])
                if (p >= 0) readers[p]++;
        }
        var fusedInto = Enumerable.Repeat(-1, n).ToArray();
        _fused = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < n; i++)
        {
            var layer = layers[i];
            if (!(layer.Fuse ?? fuse) || layer is not (ReluLayer or ClipLayer or AddLayer)) continue;
            // An add fuses into the later of its producers, so the other input is already in memory.
            int target = producers[i].Max();
            if (target < 0 || readers[target] != 1) continue;
            int root = fusedInto[target] >= 0 ? fusedInto[target] : target;
            if (!layers[root].OnPeArray || Tail(root) != target) continue;
            if (layer is AddLayer)
            {
                int other = producers[i][ResidualSlot(producers[i])];
                bool otherReady = other < 0 || Root(fusedInto, other) < root;
                if (!otherReady || _fused[root].Any(f => layers[f] is AddLayer)) continue;
            }
            fusedInto[i] = root;
            _fused[root].Add(i);
        }
        Producers = producers;
        FusedInto = fusedInto;
        Readers = readers;
    }

    /// <summary>The element-wise layers fused into <paramref name="layer"/>'s output stage, in order.</summary>
    public IReadOnlyList<int> Fused(int layer) => _fused[layer];

    /// <summary>Which input of a fused add is the residual read from memory: the one the chain does not feed.</summary>
    public int ResidualSlot(int add) => ResidualSlot(Producers[add]);

    private static int ResidualSlot(int[] producers) => producers[0] > producers[1] ? 1 : 0;

    /// <summary>The layer whose output a run of <paramref name="layer"/> writes to memory: the last one fused into it, or itself.</summary>
    public int Tail(int layer) => _fused[layer].Count == 0 ? layer : _fused[layer][^1];

    /// <summary>The layer whose program step computes <paramref name="layer"/>'s output.</summary>
    public int Root(int layer) => Root(FusedInto, layer);

    private static int Root(IReadOnlyList<int> fusedInto, int layer) => fusedInto[layer] >= 0 ? fusedInto[layer] : layer;

    private static int[] ProducersOf(IReadOnlyList<LayerSpec> layers, int i, HardwareConfig hw)
    {
        var layer = layers[i];
        if (layer.Inputs is { } names)
            return names.Select(name => IndexOf(layers, name, i)).ToArray();
        if (i > 0 && layers[i - 1].OutputElements == layer.InputElements
                  && layers[i - 1].OutputFormat(hw) == layer.InputFormat(hw))
            return [i - 1];
        return [-1];
    }

    private static int IndexOf(IReadOnlyList<LayerSpec> layers, string name, int before)
    {
        for (int j = 0; j < before; j++)
            if (layers[j].Name == name) return j;
        throw new InvalidOperationException($"layer '{layers[before].Name}' reads '{name}', which is not listed before it (the loader checks this)");
    }
}
