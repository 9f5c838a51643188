using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Sim.Tests.Robustness;

/// <summary>
/// Seeded text edits of a valid YAML configuration, one mutation class at a time. Classes that can leave a legal file
/// (a deleted optional key, a number still within its bounds, a misspelt free-form name such as a sweep axis, a cut
/// after the last required key) are marked so; the others (a self-referencing alias, a duplicated key, a tab in the
/// indentation, a path to something that is not a readable file) must always be refused.
/// </summary>
internal static class YamlMutator
{
    /// <summary>Keys whose value is a file path (or, for dram, energy and area, a preset's name or a path).</summary>
    private static readonly HashSet<string> PathKeys = ["hardware", "scenario", "model", "energy", "area", "baseline", "dram", "input"];

    /// <summary>A value replaced by another kind of value, or by a number at or past some bound.</summary>
    private static readonly (string Class, Func<string, string> Replace)[] Values =
    [
        ("value-list", _ => "[1, 2]"),
        ("value-map", _ => "{ a: 1 }"),
        ("value-empty", _ => ""),
        ("value-nul", _ => "\"a\\0b\""),
        ("value-huge", _ => "123456789012345678901234567890"),
        ("value-negative", v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !v.StartsWith('-') ? "-" + v : "-1"),
        ("value-nan", _ => ".nan"),
        ("value-denormal", _ => "5e-324"),
        ("value-1e308", _ => "1e308"),
    ];

    /// <param name="directory">An existing folder, put where a file path belongs.</param>
    public static IEnumerable<Mutant> Mutants(string text, Random random, int perClass, string directory)
    {
        var entries = YamlEntry.All(text);
        var scalars = entries.Where(e => e.Value is YamlScalarNode).ToList();
        var lineStarts = entries.Where(e => !e.InFlow && OnlySpacesBefore(text, e.KeyStart)).ToList();
        var paths = scalars.Where(e => PathKeys.Contains(e.Key.Value!)).ToList();
        var plainKeys = entries.Where(e => e.KeyEnd - e.KeyStart == e.Key.Value!.Length && e.Key.Value.Length >= 2).ToList();

        for (int i = 0; i < perClass; i++)
        {
            if (Pick(random, scalars) is { } alias)
                yield return Replace(text, alias, "self-alias", "&selfref [*selfref]", valid: false);
            if (Pick(random, entries) is { } deleted)
                yield return Make("deleted-key", $"deleted '{deleted.Key.Value}' at line {deleted.Key.Start.Line}", Delete(text, deleted), valid: true);
            foreach (var (name, replace) in Values)
                if (Pick(random, entries) is { } e)
                    yield return Replace(text, e, name, replace(text[e.ValueStart..e.ValueEnd]), valid: true);
            if (Pick(random, plainKeys) is { } misspelt)
            {
                string wrong = Misspell(misspelt.Key.Value!, random);
                yield return Make("misspelled-key", $"'{misspelt.Key.Value}' at line {misspelt.Key.Start.Line} spelt '{wrong}'",
                    text[..misspelt.KeyStart] + wrong + text[misspelt.KeyEnd..], valid: true);
            }
            if (Pick(random, lineStarts) is { } tabbed)
            {
                int start = LineStart(text, tabbed.KeyStart);
                yield return Make("tab-indent", $"a tab indents line {tabbed.Key.Start.Line}", text[..start] + "\t" + text[tabbed.KeyStart..], valid: false);
            }
            int cut = random.Next(text.Length);
            yield return Make("truncated", $"cut after {cut} of {text.Length} characters", text[..cut], valid: true);
            if (Pick(random, entries) is { } duplicated)
                yield return Make("duplicated-key", $"'{duplicated.Key.Value}' at line {duplicated.Key.Start.Line} written twice", Duplicate(text, duplicated), valid: false);
            if (Pick(random, paths) is { } p)
            {
                yield return Replace(text, p, "path-directory", Quoted(directory), valid: false);
                yield return Replace(text, p, "path-dev-zero", "/dev/zero", valid: false);
                yield return Replace(text, p, "path-nul", "\"bad\\0name.yaml\"", valid: false);
                yield return Replace(text, p, "path-missing", "no-such-file.yaml", valid: false);
            }
        }
    }

    private static T? Pick<T>(Random random, IReadOnlyList<T> items) where T : class =>
        items.Count == 0 ? null : items[random.Next(items.Count)];

    private static Mutant Make(string cls, string change, string text, bool valid) => new(cls, change, Encoding.UTF8.GetBytes(text), valid);

    private static Mutant Replace(string text, YamlEntry e, string cls, string replacement, bool valid) =>
        Make(cls, $"'{e.Key.Value}' at line {e.Key.Start.Line} set to {replacement}", text[..e.ValueStart] + replacement + text[e.ValueEnd..], valid);

    private static string Quoted(string path) => "\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Removes the key and its value; in a flow mapping one separating comma with it, in a block one its line(s).</summary>
    private static string Delete(string text, YamlEntry e)
    {
        if (e.InFlow)
        {
            int end = e.ValueEnd, start = e.KeyStart;
            int after = SkipSpaces(text, end);
            if (after < text.Length && text[after] == ',') end = SkipSpaces(text, after + 1);
            else if (text.LastIndexOf(',', Math.Max(0, start - 1)) is var comma and >= 0 && text[comma..start].Trim(' ', ',').Length == 0) start = comma;
            return text[..start] + text[end..];
        }
        bool alone = OnlySpacesBefore(text, e.KeyStart);
        int from = alone ? LineStart(text, e.KeyStart) : e.KeyStart;
        int to = LineEnd(text, Math.Max(e.KeyEnd, e.ValueEnd - 1));
        if (alone && to < text.Length) to++;
        return text[..from] + text[to..];
    }

    /// <summary>Writes the entry a second time right after itself, in the same mapping.</summary>
    private static string Duplicate(string text, YamlEntry e)
    {
        if (e.InFlow)
            return text[..e.ValueEnd] + ", " + text[e.KeyStart..e.ValueEnd] + text[e.ValueEnd..];
        int end = LineEnd(text, Math.Max(e.KeyEnd, e.ValueEnd - 1));
        string copy = "\n" + new string(' ', (int)e.Key.Start.Column - 1) + text[e.KeyStart..end];
        return text[..end] + copy + text[end..];
    }

    private static string Misspell(string key, Random random)
    {
        int i = random.Next(key.Length - 1);
        string swapped = key[..i] + key[i + 1] + key[i] + key[(i + 2)..];
        return swapped != key ? swapped : key[..i] + key[(i + 1)..];
    }

    private static bool OnlySpacesBefore(string text, int index) => text[LineStart(text, index)..index].All(c => c == ' ');

    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    private static int LineEnd(string text, int index) => text.IndexOf('\n', Math.Min(index, text.Length)) is var n and >= 0 ? n : text.Length;

    private static int SkipSpaces(string text, int index)
    {
        while (index < text.Length && text[index] == ' ') index++;
        return index;
    }
}
