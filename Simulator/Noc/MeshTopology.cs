namespace Sim.Noc;

/// <summary>
/// Cores on a Columns x Rows mesh, core c at (c mod Columns, c / Columns); Columns is the smallest divisor of the
/// core count at or above its square root (4 cores: 2x2, 8: 4x2, 6: 3x2). Device memory is a node on the west edge
/// beside router (0,0), at (-1,0), as a memory controller on the die's edge is. Routes are XY (dimension order: along X
/// first, then Y), deadlock-free on a mesh; from memory a packet enters at (0,0), to memory it leaves from there.
/// </summary>
internal sealed class MeshTopology : INocTopology
{
    private readonly Dictionary<(int From, int To), int> _linkIds = new();
    private readonly List<string> _names = new();
    private readonly int[][] _toMemory, _fromMemory;

    public int Columns { get; }
    public int Rows { get; }

    public MeshTopology(int cores)
    {
        Columns = Enumerable.Range(1, cores).First(c => cores % c == 0 && (long)c * c >= cores);
        Rows = cores / Columns;
        _toMemory = new int[cores][];
        _fromMemory = new int[cores][];
        for (int c = 0; c < cores; c++)
        {
            _toMemory[c] = [.. Path(c, 0).Select(Link), Link((0, Memory))];
            _fromMemory[c] = [Link((Memory, 0)), .. Path(0, c).Select(Link)];
        }
    }

    /// <summary>Node number of the memory node (routers are numbered as their cores).</summary>
    private const int Memory = -1;

    public int Links => _names.Count;
    public string LinkName(int link) => _names[link];
    public int[] ToMemory(int core) => _toMemory[core];
    public int[] FromMemory(int core) => _fromMemory[core];
    public string Describe() => $"{Columns}x{Rows} mesh, memory beside (0,0)";

    /// <summary>The router-to-router hops from router a to router b, X first.</summary>
    private IEnumerable<(int From, int To)> Path(int a, int b)
    {
        int x = a % Columns, y = a / Columns, bx = b % Columns, by = b / Columns;
        while (x != bx)
        {
            int nx = x + Math.Sign(bx - x);
            yield return (y * Columns + x, y * Columns + nx);
            x = nx;
        }
        while (y != by)
        {
            int ny = y + Math.Sign(by - y);
            yield return (y * Columns + x, ny * Columns + x);
            y = ny;
        }
    }

    private int Link((int From, int To) hop)
    {
        if (_linkIds.TryGetValue(hop, out int id)) return id;
        _linkIds[hop] = id = _names.Count;
        _names.Add($"{Name(hop.From)}->{Name(hop.To)}");
        return id;
    }

    private string Name(int node) => node == Memory ? "memory" : $"({node % Columns},{node / Columns})";
}
