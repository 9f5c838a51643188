using System.Text.Json.Nodes;
using Sim.Config;
using YamlDotNet.RepresentationModel;
using Sim.Scenarios;

namespace Sim.Sweep;

/// <summary>A sweep point ready to run: its configuration as the loaders built it, its key, and its axis values.</summary>
internal sealed record ResolvedPoint(int Index, ScenarioConfig Scenario, string Key, string Canonical, JsonObject Axes)
{
    /// <summary>The axis values as a JSON object, as stored in the database.</summary>
    public string AxesJson => Axes.ToJsonString();
}

/// <summary>
/// Turns points into configurations: for each, the base scenario (and hardware) files are parsed
/// afresh, the point's values put into the trees (<see cref="OverrideApplier"/>), and the normal
/// loaders validate and build them. An error caused by a value is reported where the value is, in
/// the sweep file; an error the values cause elsewhere (a scratchpad too small for a larger array)
/// is reported in the base file with the point's values named.
/// </summary>
internal sealed class PointResolver(SweepSpec spec)
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public IReadOnlyList<ResolvedPoint> ResolveAll(IEnumerable<SweepPoint> points) => points.Select(Resolve).ToList();

    public ResolvedPoint Resolve(SweepPoint point)
    {
        var chosen = spec.Axes.Select((axis, a) => (Axis: axis, Value: axis.Values[point.Choices[a]])).ToList();
        var axes = new JsonObject();
        foreach (var (axis, value) in chosen)
            axes[axis.Name] = ToJson(value);
        string describe = string.Join(", ", chosen.Select(c => $"{c.Axis.Name}={c.Value.Label}"));
        try
        {
            var scenarioTree = Parse(spec.ScenarioPath, "scenario");
            foreach (var (axis, value) in chosen)
                foreach (var o in value.Overrides.Where(o => o.Path.Root == OverrideRoot.Scenario))
                    OverrideApplier.Apply(scenarioTree, spec.ScenarioPath, o, spec.SourcePath, axis);

            string hardwarePath = spec.HardwarePath ?? ScenarioLoader.HardwarePathOf(spec.ScenarioPath, scenarioTree);
            var hardwareTree = Parse(hardwarePath, "hardware configuration");
            foreach (var (axis, value) in chosen)
                foreach (var o in value.Overrides.Where(o => o.Path.Root == OverrideRoot.Hardware))
                    OverrideApplier.Apply(hardwareTree, hardwarePath, o, spec.SourcePath, axis);

            var hardware = HardwareLoader.FromMapping(hardwarePath, hardwareTree);
            var scenario = ScenarioLoader.FromMapping(spec.ScenarioPath, scenarioTree, hardware);
            string canonical = ConfigHash.Canonical(scenario);
            return new ResolvedPoint(point.Index, scenario, ConfigHash.Key(canonical), canonical, axes);
        }
        catch (InputError e) when (e.File != spec.SourcePath)
        {
            string note = $" (sweep point {point.Index}: {describe})";
            throw e.File is null ? new InputError(e.Reason + note) : new InputError(e.File, e.Line, e.Column, e.Reason + note);
        }
    }

    private YamlMappingNode Parse(string path, string what)
    {
        if (!_texts.TryGetValue(path, out var text))
            _texts[path] = text = InputFile.ReadText(path);
        return YamlFile.ParseMapping(text, path, what);
    }

    /// <summary>An axis value as JSON: plain numbers as numbers, booleans, other scalars as strings, lists and mappings as such.</summary>
    public static JsonNode? ToJson(AxisValue value) =>
        value.Overrides.Count == 1 && value.Overrides[0].Value == value.Node ? ToJson(value.Node) : JsonValue.Create(value.Label);

    public static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode s when YamlValues.IsNull(s): return null;
            case YamlScalarNode s when YamlValues.IsString(s): return JsonValue.Create(s.Value);
            case YamlScalarNode s:
                if (YamlValues.TryParseInteger(s, out long l) == YamlValues.IntegerParse.Ok) return JsonValue.Create(l);
                if (YamlValues.TryParseNumber(s, out double d) && double.IsFinite(d)) return JsonValue.Create(d);
                if (s.Value is "true" or "false") return JsonValue.Create(s.Value == "true");
                return JsonValue.Create(s.Value);
            case YamlSequenceNode q:
                var array = new JsonArray();
                foreach (var c in q.Children) array.Add(ToJson(c));
                return array;
            case YamlMappingNode m:
                var obj = new JsonObject();
                foreach (var (k, v) in m.Children) obj[SweepLoader.Label(k)] = ToJson(v);
                return obj;
            default: return null;
        }
    }
}
