using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Reads a YAML configuration file into YamlDotNet's representation model, so every key and value
/// keeps its position. Every failure (missing file, directory, unreadable, syntax error, duplicate
/// key, empty file, several documents, a top level that is not a mapping) becomes an
/// <see cref="InputError"/>.
/// </summary>
internal static partial class YamlFile
{
    /// <summary>
    /// Loads the single document of <paramref name="path"/> and returns its top-level mapping.
    /// <paramref name="what"/> names the file kind in the empty-file message ("hardware configuration").
    /// </summary>
    public static YamlMappingNode LoadMapping(string path, string what)
    {
        string text = InputFile.ReadText(path);
        return ParseMapping(text, path, what);
    }

    /// <summary>Parses YAML text (already read from <paramref name="path"/>) into its top-level mapping.</summary>
    public static YamlMappingNode ParseMapping(string text, string path, string what)
    {
        // The event pass runs first: it finds duplicate keys, and its scanner knows where it stopped,
        // which YamlDotNet does not always put in its exceptions (a tab in the indentation is reported
        // at 1:1, an unclosed flow list throws a bare InvalidOperationException).
        var scanner = new Scanner(new StringReader(text));
        try
        {
            DuplicateKeyCheck.Run(new Parser(scanner), path);
        }
        catch (YamlException e)
        {
            var at = e.Start.Index == 0 && scanner.CurrentPosition.Index > 0 ? scanner.CurrentPosition : e.Start;
            if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && IndentationTab(text, (int)at.Line) is var (line, column))
                throw new InputError(path, line, column, "YAML syntax error: a tab in the indentation (YAML indents with spaces only)");
            throw At(path, at, "YAML syntax error: " + StripMarks(e.Message));
        }
        catch (Exception e) when (e is not InputError and not OutOfMemoryException)
        {
            // Any other exception from the scanner (YamlDotNet throws InvalidOperationException for an
            // unclosed flow list) is a syntax error at the point where scanning stopped.
            throw At(path, scanner.CurrentPosition,
                "YAML syntax error: the parser cannot continue here (an unclosed '[', '{' or quote above?)");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw At(path, e.Start, "YAML error: " + StripMarks(e.Message));
        }
        catch (Exception e) when (e is not InputError and not OutOfMemoryException)
        {
            // Not expected once the event pass succeeded, but never let it escape as a crash.
            throw new InputError(path, 1, 1, "cannot parse YAML: " + e.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" } )
            throw new InputError(path, 1, 1, $"the file is empty (expected a {what})");
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new InputError(path, (int)second.Line, (int)second.Column,
                $"expected one YAML document, found {stream.Documents.Count} (remove the extra '---')");
        }
        var root = stream.Documents[0].RootNode;
        // Any text file without a colon reads as one long YAML string: a password file given by mistake must not be
        // printed back, so the error says what the top level is, never what it holds.
        if (root is not YamlMappingNode mapping)
            throw new InputError(path, (int)root.Start.Line, (int)root.Start.Column,
                $"expected a mapping of keys at the top level (a {what}), got {(root is YamlScalarNode ? "plain text" : YamlValues.Describe(root))}");
        return mapping;
    }

    /// <summary>
    /// Where a tab indents a line: the first such line from line <paramref name="from"/> on, else the last
    /// one before it. YamlDotNet reports the tab where its scanner gave up, often at the end of the line above.
    /// </summary>
    private static (int Line, int Column)? IndentationTab(string text, int from)
    {
        var tabs = text.Split('\n')
            .Select((line, i) => (Line: i + 1, Column: IndentationTabColumn(line)))
            .Where(t => t.Column > 0)
            .ToList();
        return tabs.Where(t => t.Line >= from).Cast<(int, int)?>().FirstOrDefault() ?? tabs.Cast<(int, int)?>().LastOrDefault();
    }

    /// <summary>The 1-based column of the first tab before a line's content (a blank line's too: it indents nothing), or 0.</summary>
    private static int IndentationTabColumn(string line)
    {
        int content = 0;
        while (content < line.Length && line[content] is ' ' or '\t' or '\r') content++;
        return line.IndexOf('\t', 0, content) + 1;
    }

    private static InputError At(string path, Mark mark, string reason) =>
        new(path, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), reason);

    /// <summary>YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (...): "; the error line has its own position.</summary>
    private static string StripMarks(string message)
    {
        string m = MarkPrefix().Replace(message, "");
        return m.Length == 0 ? message : char.ToLowerInvariant(m[0]) + m[1..];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
