using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sim.Config;

/// <summary>
/// Finds a key given twice in one mapping (and an alias to an undefined anchor, or to the collection it is
/// inside), walking the parser's events, so the error names the key
/// and where it was first given (the representation model would only say "duplicate key"). It also
/// bounds the nesting depth before the recursive representation model sees the document.
/// </summary>
internal static class DuplicateKeyCheck
{
    private sealed class Frame(bool isMapping, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        /// <summary>The anchor the collection defines, if any: an alias to it from inside would make a cycle.</summary>
        public string? Anchor { get; } = anchor;
        public bool ExpectKey { get; set; } = true;
        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Throws <see cref="InputError"/> at the second occurrence of a repeated scalar key.</summary>
    public static void Run(IParser parser, string path)
    {
        var stack = new Stack<Frame>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        while (parser.MoveNext())
        {
            if (parser.Current is NodeEvent { Anchor.IsEmpty: false } anchored)
                anchors.Add(anchored.Anchor.Value);
            switch (parser.Current)
            {
                case DocumentStart:
                    stack.Clear();
                    break;
                case MappingStart or SequenceStart:
                    if (stack.Count >= ConfigBounds.MaxNesting)
                        throw new InputError(path, (int)parser.Current.Start.Line, (int)parser.Current.Start.Column,
                            $"YAML nested more than {ConfigBounds.MaxNesting} levels deep");
                    var start = (NodeEvent)parser.Current;
                    stack.Push(new Frame(isMapping: start is MappingStart, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                    break;
                case MappingEnd or SequenceEnd:
                    stack.Pop();
                    NodeDone(stack);
                    break;
                case Scalar scalar:
                    if (stack.TryPeek(out var top) && top.IsMapping && top.ExpectKey)
                    {
                        if (top.Keys.TryGetValue(scalar.Value, out var first))
                            throw new InputError(path, (int)scalar.Start.Line, (int)scalar.Start.Column,
                                $"duplicate key '{Excerpt.Of(scalar.Value)}' (first given at line {first.Line})");
                        top.Keys.Add(scalar.Value, scalar.Start);
                    }
                    NodeDone(stack);
                    break;
                case AnchorAlias alias:
                    if (!anchors.Contains(alias.Value.Value))
                        throw new InputError(path, (int)alias.Start.Line, (int)alias.Start.Column,
                            $"YAML error: alias '*{Excerpt.Of(alias.Value.Value)}' refers to no anchor '&{Excerpt.Of(alias.Value.Value)}' defined above");
                    if (stack.Any(f => f.Anchor == alias.Value.Value))
                        throw new InputError(path, (int)alias.Start.Line, (int)alias.Start.Column,
                            $"YAML error: alias '*{Excerpt.Of(alias.Value.Value)}' refers to the node it is inside (the document would be endless)");
                    NodeDone(stack);
                    break;
            }
        }
    }

    /// <summary>A node finished: in a mapping, keys and values alternate.</summary>
    private static void NodeDone(Stack<Frame> stack)
    {
        if (stack.TryPeek(out var top) && top.IsMapping)
            top.ExpectKey = !top.ExpectKey;
    }
}
