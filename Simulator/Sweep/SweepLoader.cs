using Sim.Config;
using YamlDotNet.RepresentationModel;

namespace Sim.Sweep;

/// <summary>
/// Loads a sweep file (see scenarios/sweeps/*.yaml). Keys: <c>name</c> (default: the file name),
/// <c>scenario</c> (required, relative to the sweep file), <c>hardware</c> (optional, relative to
/// the sweep file: replaces the scenario's), <c>combine</c> (<c>grid</c>, <c>zip</c> or
/// <c>random</c>; default grid), <c>samples</c> and <c>sample_seed</c> (random only) and
/// <c>axes</c>: a mapping from a dotted path (<c>hardware.pe_array.rows</c>) to a list of values,
/// or from a free name to a list of mappings, each setting several paths at once (and an optional
/// <c>label</c>).
/// </summary>
internal static class SweepLoader
{
    /// <summary>A mapping key that must be a plain value (a path or a name), not a list or a mapping.</summary>
    private static YamlScalarNode ScalarKey(string file, string where, YamlNode key) =>
        key as YamlScalarNode ?? throw ValueReader.ErrorAt(file, key,
            $"{where}: expected a key that is a dotted path or a name, got {YamlValues.Describe(key)}");

    private static readonly string[] TopKeys = ["name", "scenario", "hardware", "combine", "samples", "sample_seed", "axes"];

    private static readonly IReadOnlyList<(string Name, CombineMode Value)> Modes =
        [("grid", CombineMode.Grid), ("zip", CombineMode.Zip), ("random", CombineMode.Random)];

    public static SweepSpec Load(string path)
    {
        var root = YamlFile.LoadMapping(path, "sweep with keys " + string.Join(", ", TopKeys));
        return FromMapping(path, root);
    }

    public static SweepSpec FromMapping(string path, YamlMappingNode rootNode)
    {
        var root = MappingReader.Root(path, rootNode);
        root.RejectUnknownKeys(TopKeys);
        string name = root.Has("name") ? root.Text("name") : Path.GetFileNameWithoutExtension(path);
        string scenario = RelativeFile(root, "scenario", path, required: true)!;
        string? hardware = RelativeFile(root, "hardware", path, required: false);
        var combine = root.Has("combine") ? root.Choice("combine", Modes) : CombineMode.Grid;

        int samples = 0;
        ulong seed = 0;
        if (combine == CombineMode.Random)
        {
            samples = root.Int("samples", 1, 1_000_000);
            seed = (ulong)root.Integer("sample_seed", 0, long.MaxValue);
        }
        else
        {
            foreach (string key in new[] { "samples", "sample_seed" })
                if (root.Has(key))
                    throw root.ErrorAt(root.KeyNode(key), $"{key}: only used with 'combine: random'");
        }

        var axesNode = root.Required("axes", "a mapping from a dotted path such as hardware.pe_array.rows to a list of values");
        if (axesNode is not YamlMappingNode axesMap || axesMap.Children.Count == 0)
            throw root.ErrorAt(axesNode, $"axes: expected a mapping of at least one axis to its values, got {YamlValues.Describe(axesNode)}");
        var axes = new List<Axis>();
        foreach (var (keyNode, valuesNode) in axesMap.Children)
            axes.Add(ReadAxis(path, ScalarKey(path, "axes", keyNode), valuesNode));
        if (combine == CombineMode.Random)
        {
            long size = 1;
            foreach (var a in axes)
                size = size > int.MaxValue ? size : size * a.Values.Count;
            if (samples > size)
                throw root.ErrorAt(root.Required("samples"),
                    $"samples: {Plural.Of(samples, "distinct point")} asked for, but the axes have only {Plural.Of(size, "combination")}");
        }
        return new SweepSpec(name, path, scenario, hardware, combine, samples, seed, axes);
    }

    private static Axis ReadAxis(string file, YamlScalarNode keyNode, YamlNode valuesNode)
    {
        string name = keyNode.Value!;
        if (valuesNode is not YamlSequenceNode list || list.Children.Count == 0)
            throw ValueReader.ErrorAt(file, valuesNode, $"axes.{name}: expected a non-empty list of values, got {YamlValues.Describe(valuesNode)}");
        var values = new List<AxisValue>();
        if (OverridePath.LooksLikePath(name))
        {
            var path = OverridePath.Parse(name, file, keyNode);
            foreach (var v in list.Children)
            {
                MarkOrigin(file, v, name);
                values.Add(new AxisValue(Label(v), [new Override(path, v)], v));
            }
        }
        else
        {
            for (int i = 0; i < list.Children.Count; i++)
            {
                var v = list.Children[i];
                if (v is not YamlMappingNode m || m.Children.Count == 0)
                    throw ValueReader.ErrorAt(file, v,
                        $"axes.{name}[{i}]: an axis named '{name}' (not a path starting with hardware. or scenario.) takes mappings of paths to values, got {YamlValues.Describe(v)}");
                string? label = null;
                var overrides = new List<Override>();
                foreach (var (k, value) in m.Children)
                {
                    var key = ScalarKey(file, $"axes.{name}[{i}]", k);
                    if (key.Value == "label")
                    {
                        label = ValueReader.Text(file, $"axes.{name}[{i}].label", value);
                        continue;
                    }
                    if (key.Value is null || !OverridePath.LooksLikePath(key.Value))
                        throw ValueReader.ErrorAt(file, key,
                            $"axes.{name}[{i}]: '{Excerpt.Of(key.Value ?? "")}' is not a path (expected hardware.… or scenario.…, or 'label')");
                    MarkOrigin(file, value, $"{name}: {key.Value}");
                    overrides.Add(new Override(OverridePath.Parse(key.Value, file, key), value));
                }
                if (overrides.Count == 0)
                    throw ValueReader.ErrorAt(file, v, $"axes.{name}[{i}]: sets no path");
                values.Add(new AxisValue(label ?? string.Join("/", overrides.Select(o => Label(o.Value))), overrides, v));
            }
        }
        return new Axis(name, keyNode, values);
    }

    /// <summary>Marks a value and everything inside it as the sweep file's, so loader errors point here.</summary>
    private static void MarkOrigin(string file, YamlNode node, string axis)
    {
        NodeOrigin.Set(node, new NodeOrigin.Origin(file, (int)node.Start.Line, (int)node.Start.Column, $" (set by sweep axis '{axis}')"));
        switch (node)
        {
            case YamlSequenceNode s:
                foreach (var c in s.Children) MarkOrigin(file, c, axis);
                break;
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children) { MarkOrigin(file, k, axis); MarkOrigin(file, v, axis); }
                break;
        }
    }

    /// <summary>A value in one line: a scalar as written, a list as [a, b], a mapping as {k: v}.</summary>
    public static string Label(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "null",
        YamlSequenceNode q => "[" + string.Join(", ", q.Children.Select(Label)) + "]",
        YamlMappingNode m => "{" + string.Join(", ", m.Children.Select(kv => $"{Label(kv.Key)}: {Label(kv.Value)}")) + "}",
        _ => "?",
    };

    private static string? RelativeFile(MappingReader root, string key, string sweepPath, bool required)
    {
        if (!required && !root.Has(key))
            return null;
        var node = root.Required(key, key == "scenario" ? "the base scenario file, relative to the sweep file" : null);
        string relative = root.PathText(key);
        string resolved = Path.IsPathRooted(relative) ? relative : Path.Combine(Path.GetDirectoryName(sweepPath) ?? "", relative);
        resolved = Path.IsPathRooted(sweepPath) || Path.IsPathRooted(relative)
            ? Path.GetFullPath(resolved)
            : Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(resolved));
        root.RequireFile(key, relative, resolved);
        return resolved;
    }
}
