using YamlDotNet.RepresentationModel;

namespace Sim.Tests.Robustness;

/// <summary>
/// One key and its value in a YAML file, with the character spans a text edit needs: the mutations edit the text,
/// not a re-serialised tree, so that comments, styles and every other line stay as they were.
/// </summary>
internal sealed record YamlEntry(YamlScalarNode Key, YamlNode Value, bool InFlow)
{
    public int KeyStart => (int)Key.Start.Index;
    public int KeyEnd => (int)Key.End.Index;
    public int ValueStart => (int)Value.Start.Index;

    /// <summary>Where the value's text ends: a block collection ends at its last scalar or flow collection, not at the next token.</summary>
    public int ValueEnd => Value.AllNodes.Where(n => !IsBlockCollection(n)).Select(n => (int)n.End.Index).DefaultIfEmpty(ValueStart).Max();

    private static bool IsBlockCollection(YamlNode n) =>
        n is YamlMappingNode { Style: not YamlDotNet.Core.Events.MappingStyle.Flow }
        || n is YamlSequenceNode { Style: not YamlDotNet.Core.Events.SequenceStyle.Flow };

    /// <summary>Every entry of <paramref name="text"/>'s mappings, in document order.</summary>
    public static IReadOnlyList<YamlEntry> All(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var entries = new List<YamlEntry>();
        foreach (var node in stream.Documents[0].RootNode.AllNodes)
            if (node is YamlMappingNode map)
                foreach (var (k, v) in map.Children)
                    if (k is YamlScalarNode key)
                        entries.Add(new YamlEntry(key, v, map.Style == YamlDotNet.Core.Events.MappingStyle.Flow));
        return entries.OrderBy(e => e.KeyStart).ToList();
    }
}
