using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Typed access to the keys of one YAML mapping, with the key path (<c>pe_array</c>,
/// <c>layers[3]</c>) for messages. Unknown keys are rejected by <see cref="RejectUnknownKeys"/>; a
/// missing required key is reported at the mapping's own key in its parent (or its first key).
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly Mark _missingAt;

    public string File { get; }

    /// <summary>Key path of this mapping; empty for the top level.</summary>
    public string Path { get; }

    public YamlMappingNode Node { get; }

    private MappingReader(string file, string path, YamlMappingNode node, Mark missingAt)
    {
        File = file; Path = path; Node = node; _missingAt = missingAt;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode k || YamlValues.IsNull(k) || k.Value is null)
                throw ValueReader.ErrorAt(file, key, $"{Where}: keys must be names, got {YamlValues.Describe(key)}");
            _entries[k.Value] = (k, value);
        }
    }

    /// <summary>Wraps a mapping node; anything else is an error naming <paramref name="path"/>.</summary>
    public static MappingReader Of(string file, string path, YamlNode node, Mark missingAt)
    {
        if (node is not YamlMappingNode mapping)
            throw ValueReader.ErrorAt(file, node, $"{path}: expected a mapping of keys, got {YamlValues.Describe(node)}");
        return new MappingReader(file, path, mapping, missingAt);
    }

    /// <summary>The top-level mapping of a file.</summary>
    public static MappingReader Root(string file, YamlMappingNode node) => new(file, "", node, node.Start);

    /// <summary>"in pe_array" or "at the top level".</summary>
    public string Where => Path.Length == 0 ? "at the top level" : $"in {Path}";

    /// <summary>The path of one of this mapping's keys.</summary>
    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>
    /// Rejects the first key (in file order) not among <paramref name="allowed"/>, suggesting a near match. A top level
    /// with no key allowed or near one is not a file of this kind at all, and is reported without quoting it.
    /// </summary>
    public void RejectUnknownKeys(IReadOnlyList<string> allowed, string? context = null)
    {
        string expected = $"expected one of: {string.Join(", ", allowed)}";
        // Many a text file parses as a mapping ("root:x:0:0:" is a key): its lines must not be echoed.
        if (Path.Length == 0 && _entries.Count > 0 && Keys.All(k => !allowed.Contains(k) && NearestName.Find(k, allowed) is null))
            throw ValueReader.ErrorAt(File, Node.Children.Keys.First(),
                $"none of the top-level keys is one this file takes ({expected}); is it the right file?");
        foreach (var (key, _) in Node.Children)
        {
            var k = (YamlScalarNode)key;
            if (allowed.Contains(k.Value!))
                continue;
            string where = context ?? Where;
            throw ValueReader.ErrorAt(File, k,
                $"unknown key '{Excerpt.Of(k.Value!)}' {where} ({expected}){NearestName.Suggestion(k.Value!, allowed)}");
        }
    }

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlNode? Optional(string key) => _entries.TryGetValue(key, out var e) ? e.Value : null;

    /// <summary>The value of a required key; <paramref name="hint"/> is appended to the missing-key message.</summary>
    public YamlNode Required(string key, string? hint = null)
    {
        if (_entries.TryGetValue(key, out var e))
            return e.Value;
        throw MissingError($"'{key}'", hint);
    }

    /// <summary>An error for a missing key (or keys, as in "'capacity_kib' or 'capacity_bytes'").</summary>
    public InputError MissingError(string keyDescription, string? hint = null)
    {
        string prefix = Path.Length == 0 ? "" : $"{Path}: ";
        string suffix = hint is null ? "" : $" ({hint})";
        return new InputError(File, Math.Max(1, (int)_missingAt.Line), Math.Max(1, (int)_missingAt.Column),
            $"{prefix}missing required key {keyDescription}{suffix}");
    }

    /// <summary>The key node itself (for errors about a key rather than its value).</summary>
    public YamlScalarNode KeyNode(string key) => _entries[key].Key;

    public InputError ErrorAt(YamlNode node, string reason) => ValueReader.ErrorAt(File, node, reason);

    public long Integer(string key, long min, long max) => ValueReader.Integer(File, PathOf(key), Required(key), min, max);

    public int Int(string key, int min, int max) => ValueReader.Int(File, PathOf(key), Required(key), min, max);

    public int OptionalInt(string key, int min, int max, int fallback) =>
        Optional(key) is { } node ? ValueReader.Int(File, PathOf(key), node, min, max) : fallback;

    public double Number(string key, double min, double max, bool minExclusive) =>
        ValueReader.Number(File, PathOf(key), Required(key), min, max, minExclusive);

    public double OptionalNumber(string key, double min, double max, bool minExclusive, double fallback) =>
        Optional(key) is { } node ? ValueReader.Number(File, PathOf(key), node, min, max, minExclusive) : fallback;

    public string Text(string key) => ValueReader.Text(File, PathOf(key), Required(key));

    /// <summary>A file path: a non-empty string no longer than a path can be, with no character a path cannot hold (a NUL, say).</summary>
    public string PathText(string key)
    {
        string text = Text(key);
        int bad = text.IndexOfAny(System.IO.Path.GetInvalidPathChars());
        if (bad >= 0)
            throw ErrorAt(Required(key), $"{PathOf(key)}: expected a file path, got one with the control character U+{(int)text[bad]:X4} in it");
        if (text.Length > InputPath.MaxChars)
            throw ErrorAt(Required(key), $"{PathOf(key)}: expected a file path, got {text.Length} characters (more than {InputPath.MaxChars})");
        return text;
    }

    /// <summary>
    /// Requires the file that <paramref name="key"/>'s path value names, <paramref name="written"/> as the value has it
    /// and <paramref name="resolved"/> as read; the error, at the value, says whether the file is missing or a folder.
    /// </summary>
    public void RequireFile(string key, string written, string resolved, string kind = "a file")
    {
        if (InputPath.FileProblem(resolved, kind) is not { } problem)
            return;
        string shown = written == resolved ? $"'{written}'" : $"'{written}' (resolved to '{resolved}')";
        throw ErrorAt(Required(key), $"{PathOf(key)}: {shown}: {problem}");
    }

    public T Choice<T>(string key, IReadOnlyList<(string Name, T Value)> choices) =>
        ValueReader.Choice(File, PathOf(key), Required(key), choices);

    /// <summary>A nested mapping; its missing keys are reported at this key.</summary>
    public MappingReader Mapping(string key)
    {
        var node = Required(key);
        return Of(File, PathOf(key), node, KeyNode(key).Start);
    }

    /// <summary>A list of mappings, each read as key[i]; anything else is an error at the key's value.</summary>
    public IReadOnlyList<MappingReader> MappingList(string key)
    {
        var node = Required(key);
        if (node is not YamlSequenceNode list)
            throw ErrorAt(node, $"{PathOf(key)}: expected a list, got {YamlValues.Describe(node)}");
        return list.Children.Select((item, i) => Of(File, $"{PathOf(key)}[{i}]", item, item.Start)).ToList();
    }
}
