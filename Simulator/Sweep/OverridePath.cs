using System.Text.RegularExpressions;
using Sim.Config;
using YamlDotNet.RepresentationModel;

namespace Sim.Sweep;

/// <summary>Which file an override goes into.</summary>
internal enum OverrideRoot { Hardware, Scenario }

/// <summary>One step of a path: a mapping key, then zero or more list selectors (an index or a layer name).</summary>
internal sealed record PathStep(string Key, IReadOnlyList<string> Selectors);

/// <summary>
/// A dotted path to a key of the hardware or scenario file: <c>hardware.pe_array.rows</c>,
/// <c>scenario.data.activation_zero_fraction</c>, <c>scenario.layers[3].kernel</c> or
/// <c>scenario.layers[res2_3x3].kernel</c> (a list element chosen by its <c>name</c>).
/// </summary>
internal sealed partial record OverridePath(string Text, OverrideRoot Root, IReadOnlyList<PathStep> Steps)
{
    /// <summary>Whether an axis name is meant as a path (it starts with "hardware." or "scenario.").</summary>
    public static bool LooksLikePath(string text) =>
        text.StartsWith("hardware.", StringComparison.Ordinal) || text.StartsWith("scenario.", StringComparison.Ordinal);

    /// <summary>Parses <paramref name="text"/>; a malformed path is an error at <paramref name="at"/> in <paramref name="file"/>.</summary>
    public static OverridePath Parse(string text, string file, YamlNode at)
    {
        var parts = text.Split('.');
        OverrideRoot root = parts[0] switch
        {
            "hardware" => OverrideRoot.Hardware,
            "scenario" => OverrideRoot.Scenario,
            _ => throw ValueReader.ErrorAt(file, at,
                $"'{Excerpt.Of(text)}': a path starts with 'hardware.' or 'scenario.' (e.g. hardware.pe_array.rows)"),
        };
        if (parts.Length < 2)
            throw ValueReader.ErrorAt(file, at, $"'{Excerpt.Of(text)}': expected a key after '{parts[0]}.'");
        var steps = new List<PathStep>();
        foreach (string part in parts.Skip(1))
        {
            var m = StepPattern().Match(part);
            if (!m.Success)
                throw ValueReader.ErrorAt(file, at,
                    $"'{Excerpt.Of(text)}': cannot read '{Excerpt.Of(part)}' (expected key, key[index] or key[layer name])");
            steps.Add(new PathStep(m.Groups["key"].Value, m.Groups["sel"].Captures.Select(c => c.Value).ToList()));
        }
        return new OverridePath(text, root, steps);
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_\-]*)(\[(?<sel>[^\[\]]+)\])*$")]
    private static partial Regex StepPattern();
}
