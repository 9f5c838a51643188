namespace Sim.Scenarios.ScaleSim;

/// <summary>
/// The two layouts of a SCALE-Sim topology file, told apart by the header's number of columns: convolution rows
/// (SCALE-Sim's default; its topologies/conv_nets/) and M, N, K rows (its <c>-i gemm</c>; topologies/GEMM_mnk/).
/// </summary>
internal sealed record TopologyForm(string Name, IReadOnlyList<string> Columns, int RequiredColumns)
{
    /// <summary>A stride of one value is both the height's and the width's; a ninth column gives the width's apart.</summary>
    public static readonly TopologyForm Convolution = new("convolution",
        ["Layer name", "IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width", "Channels", "Num Filter", "Strides", "Stride width"], 8);

    public static readonly TopologyForm Gemm = new("GEMM", ["Layer name", "M", "N", "K"], 4);

    /// <summary>The form whose header has <paramref name="columns"/> columns, or null.</summary>
    public static TopologyForm? WithColumns(int columns) =>
        new[] { Convolution, Gemm }.FirstOrDefault(f => columns >= f.RequiredColumns && columns <= f.Columns.Count);

    /// <summary>"8 or 9", for messages.</summary>
    public string Count => Columns.Count > RequiredColumns ? $"{RequiredColumns} or {Columns.Count}" : $"{RequiredColumns}";

    /// <summary>"Layer name, ..., Strides[, Stride width]", for messages.</summary>
    public string Names =>
        string.Join(", ", Columns.Take(RequiredColumns)) +
        (Columns.Count > RequiredColumns ? $"[, {string.Join(", ", Columns.Skip(RequiredColumns))}]" : "");

    /// <summary>"a convolution row has 8 or 9 columns: Layer name, ...", for messages.</summary>
    public string Row => $"a {Name} row has {Count} columns: {Names}";
}
