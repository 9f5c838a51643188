using Sim.Config;

namespace Sim.Scenarios.ScaleSim;

/// <summary>
/// Reads a SCALE-Sim topology (CSV) into layers, as SCALE-Sim reads it: the first line is a header, whose number of
/// columns says the form (<see cref="TopologyForm"/>); blank lines are skipped; every other line is a layer.
/// A convolution row is a conv2d at batch 1 over the IFMAP as given: SCALE-Sim pads nothing, but slides
/// ceil((H - F + S) / S) windows, so a last window that overhangs the bottom (right) edge reads zeros there, which
/// Sim gives as padding at the bottom (right) only. A row whose name holds "DP" is depthwise, as SCALE-Sim has it
/// (one filter set of Num Filter per channel). A GEMM row M, N, K is A [M, K] x B [K, N].
/// </summary>
internal static class TopologyReader
{
    public static IReadOnlyList<LayerSpec> Read(string path) => Parse(InputFile.ReadText(path), path);

    /// <summary>Parses <paramref name="text"/>, read from <paramref name="path"/>.</summary>
    public static IReadOnlyList<LayerSpec> Parse(string text, string path)
    {
        string[] lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.All(string.IsNullOrWhiteSpace))
            throw new InputError(path, 1, 1, "the file is empty (expected a SCALE-Sim topology: a header row, then a row per layer)");
        var form = FormOf(CsvCell.Split(lines[0]), path);

        var layers = new List<LayerSpec>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            if (layers.Count == ConfigBounds.MaxLayers)
                throw new InputError(path, i + 1, 1, $"more than {ConfigBounds.MaxLayers} layers (sanity bound)");
            var row = new TopologyRow(path, i + 1, lines[i], form);
            LayerSpec layer = form == TopologyForm.Convolution ? Convolution(row) : Gemm(row);
            CheckLimits(row, layer);
            layers.Add(layer);
        }
        if (layers.Count == 0)
            throw new InputError(path, 1, 1, "expected a row per layer after the header, got none");
        if (LayerLimits.Scenario(layers) is { } problem)
            throw new InputError(path, 1, 1, problem);
        return UniqueNames(layers);
    }

    /// <summary>
    /// The form the header's column count names. SCALE-Sim skips the first line whatever it holds, so a file that
    /// starts with a layer would lose it silently there: here it is an error.
    /// </summary>
    private static TopologyForm FormOf(IReadOnlyList<CsvCell> header, string path)
    {
        if (header.Count > 1 && TopologyRow.IsInteger(header[1].Text, out _))
            throw new InputError(path, 1, header[1].Column,
                "header: expected column names, got a layer row (SCALE-Sim takes the first row for the header: add one)");
        return TopologyForm.WithColumns(header.Count) ?? throw new InputError(path, 1, 1,
            $"header: expected the {TopologyForm.Convolution.Count} columns of a convolution topology ({TopologyForm.Convolution.Names}) " +
            $"or the {TopologyForm.Gemm.Count} of a GEMM one ({TopologyForm.Gemm.Names}), got {header.Count}");
    }

    private static Conv2DLayer Convolution(TopologyRow row)
    {
        string name = row.Name;
        int h = row.Positive(1, ConfigBounds.MaxDimension), w = row.Positive(2, ConfigBounds.MaxDimension);
        int fh = row.Positive(3, ConfigBounds.MaxWindowParameter), fw = row.Positive(4, ConfigBounds.MaxWindowParameter);
        int channels = row.Positive(5, ConfigBounds.MaxDimension), filters = row.Positive(6, ConfigBounds.MaxDimension);
        int sh = row.Positive(7, ConfigBounds.MaxWindowParameter);
        int sw = row.Has(8) ? row.Positive(8, ConfigBounds.MaxWindowParameter) : sh;
        if (fh > h)
            throw row.Error(3, $"expected at most the IFMAP Height, {h}, got '{fh}'");
        if (fw > w)
            throw row.Error(4, $"expected at most the IFMAP Width, {w}, got '{fw}'");

        bool depthwise = name.Contains("DP", StringComparison.Ordinal);
        long outChannels = depthwise ? (long)channels * filters : filters;
        if (outChannels > ConfigBounds.MaxDimension)
            throw row.Error(6, $"a depthwise layer (its name holds 'DP') has Channels x Num Filter = {outChannels} output channels, " +
                               $"more than {ConfigBounds.MaxDimension} (sanity bound)");
        var padding = new Padding2D(0, 0, Overhang(h, fh, sh), Overhang(w, fw, sw));
        return new Conv2DLayer(name, 1, channels, h, w, (int)outChannels, fh, fw, sh, sw, padding, 1, 1, depthwise ? channels : 1);
    }

    /// <summary>How far SCALE-Sim's last window, the ceil((size - filter) / stride) + 1-th, reaches past the edge.</summary>
    private static int Overhang(int size, int filter, int stride)
    {
        int windows = (size - filter + stride - 1) / stride + 1;
        return (windows - 1) * stride + filter - size;
    }

    private static GemmLayer Gemm(TopologyRow row)
    {
        string name = row.Name;
        int m = row.Positive(1, ConfigBounds.MaxDimension), n = row.Positive(2, ConfigBounds.MaxDimension), k = row.Positive(3, ConfigBounds.MaxDimension);
        return new GemmLayer(name, m, k, n);
    }

    /// <summary>The tensor and cost bounds of a scenario's layers, for a layer from a row.</summary>
    private static void CheckLimits(TopologyRow row, LayerSpec layer)
    {
        (string, long[])[] tensors = layer switch
        {
            Conv2DLayer c =>
            [
                ("input", [c.Batch, c.InChannels, c.InHeight, c.InWidth]),
                ("weight", [c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW]),
                ("output", [c.Batch, c.OutChannels, c.OutHeight, c.OutWidth]),
            ],
            GemmLayer g => [("A [m, k]", [g.M, g.K]), ("B [k, n]", [g.K, g.N]), ("Y [m, n]", [g.M, g.N])],
            _ => [],
        };
        foreach (var (what, shape) in tensors)
            if (LayerLimits.Tensor(what, shape) is { } problem)
                throw row.LayerError(problem);
        if (LayerLimits.Cost(layer) is { } cost)
            throw row.LayerError(cost);
    }

    /// <summary>
    /// SCALE-Sim's own topologies repeat names (Attn_Kmap twice in MLPERF.csv); Sim's reports name each layer once,
    /// so a repeat becomes name_2 (or the first name_K no row uses).
    /// </summary>
    private static IReadOnlyList<LayerSpec> UniqueNames(IReadOnlyList<LayerSpec> layers)
    {
        var taken = layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<LayerSpec>(layers.Count);
        foreach (var layer in layers)
        {
            if (seen.Add(layer.Name))
            {
                unique.Add(layer);
                continue;
            }
            int k = 2;
            while (taken.Contains($"{layer.Name}_{k}")) k++;
            string name = $"{layer.Name}_{k}";
            taken.Add(name);
            unique.Add(layer with { Name = name });
        }
        return unique;
    }
}
