using Sim.Accelerator;

namespace Sim.Run;

/// <summary>
/// Where a network program's tensors live in device memory. A layer's command stream addresses four
/// regions as a layer run alone lays them out (<see cref="Sim.Accelerator.TileLayout"/>: activations, weights,
/// outputs, residual, each based 2^34 apart); here each region is mapped to the tensor it holds, one region
/// per tensor, so a layer reads its activations where the layer before it stored them. Regions are
/// allocated in order of first use, each as large as the furthest byte any layer touches in it, aligned
/// to 64 KiB so that no two tensors share a DRAM row.
/// </summary>
internal sealed class TensorPlacement
{
    private const int RegionShift = 34;
    private const long Alignment = 64 << 10;

    private readonly Dictionary<string, long> _extent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _onChip = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private Dictionary<string, long>? _base;

    /// <summary>Notes the bytes <paramref name="steps"/> touch in each tensor, given which tensor each region holds (null: none).</summary>
    public void Use(IEnumerable<TileStep> steps, RegionTensors tensors)
    {
        foreach (var s in steps)
        {
            Note(s.Activations, tensors);
            Note(s.Weights, tensors);
            Note(s.Store, tensors);
            Note(s.Residual, tensors);
        }
    }

    /// <summary>Notes a whole tensor of <paramref name="bytes"/> (one the host writes before it is read).</summary>
    public void Use(string tensor, long bytes) => Extend(tensor, bytes);

    /// <summary>True when a use of the tensor has been noted.</summary>
    public bool Holds(string tensor) => _extent.ContainsKey(tensor);

    /// <summary>The bytes of the tensor any use touches.</summary>
    public long Bytes(string tensor) => _extent.GetValueOrDefault(tensor);

    /// <summary>Keeps the tensor on chip: it gets no region, and the stores and loads that address it move nothing.</summary>
    public void KeepOnChip(string tensor) => _onChip.Add(tensor);

    /// <summary>The tensor's region, once every use is noted.</summary>
    public MemoryRange Region(string tensor)
    {
        _base ??= Allocate();
        return new MemoryRange(_base[tensor], _extent[tensor]);
    }

    /// <summary>The step with every range moved to the region of the tensor it addresses.</summary>
    public TileStep Rebase(TileStep s, RegionTensors tensors) =>
        new(Rebase(s.Activations, tensors), Rebase(s.Weights, tensors), s.ComputeCycles, Rebase(s.Store, tensors), s.ConflictCycles)
        {
            Residual = Rebase(s.Residual, tensors),
        };

    private MemoryRange Rebase(MemoryRange r, RegionTensors tensors)
    {
        if (r.Bytes == 0) return r;
        var tensor = tensors.Of(Kind(r))!;
        if (_onChip.Contains(tensor)) return MemoryRange.None;
        _base ??= Allocate();
        return new MemoryRange(_base[tensor] + Offset(r), r.Bytes);
    }

    private void Note(MemoryRange r, RegionTensors tensors)
    {
        if (r.Bytes == 0) return;
        var tensor = tensors.Of(Kind(r)) ?? throw new InvalidOperationException($"a step addresses region {Kind(r)}, which holds no tensor");
        Extend(tensor, Offset(r) + r.Bytes);
    }

    private void Extend(string tensor, long bytes)
    {
        if (_base != null) throw new InvalidOperationException("tensors are placed already");
        if (_extent.TryGetValue(tensor, out long e)) _extent[tensor] = Math.Max(e, bytes);
        else
        {
            _extent[tensor] = bytes;
            _order.Add(tensor);
        }
    }

    private Dictionary<string, long> Allocate()
    {
        var bases = new Dictionary<string, long>(StringComparer.Ordinal);
        long next = 0;
        foreach (var tensor in _order.Where(t => !_onChip.Contains(t)))
        {
            bases[tensor] = next;
            next += (_extent[tensor] + Alignment - 1) / Alignment * Alignment;
        }
        return bases;
    }

    private static int Kind(MemoryRange r) => (int)(r.Address >> RegionShift);

    private static long Offset(MemoryRange r) => r.Address & ((1L << RegionShift) - 1);
}

/// <summary>The tensors a layer's four regions hold: activations, weights, outputs, residual (null where unused).</summary>
internal sealed record RegionTensors(string? Activations, string? Weights, string? Outputs, string? Residual)
{
    public string? Of(int region) => region switch
    {
        0 => Activations,
        1 => Weights,
        2 => Outputs,
        3 => Residual,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "a layer addresses four regions"),
    };
}
