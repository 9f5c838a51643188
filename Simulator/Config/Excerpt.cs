using System.Globalization;
using System.Text;

namespace Sim.Config;

/// <summary>
/// Text from the user's files or command line as an error message quotes it. A message names what was wrong, it
/// does not reproduce the input: a file read by mistake (a password file given as the hardware) must not be
/// printed, and a control character (an escape sequence, a NUL) must not reach the terminal raw.
/// </summary>
internal static class Excerpt
{
    /// <summary>The longest excerpt a message quotes, "..." included.</summary>
    public const int MaxChars = 40;

    private const string Ellipsis = "...";

    /// <summary>At most <see cref="MaxChars"/> characters of <paramref name="text"/>, control characters escaped, "..." where it was cut.</summary>
    public static string Of(string text)
    {
        string escaped = Escape(text);
        if (escaped.Length <= MaxChars)
            return escaped;
        // Cut between escapes and surrogate pairs, never inside one.
        var sb = new StringBuilder();
        foreach (string piece in Pieces(text))
        {
            if (sb.Length + piece.Length > MaxChars - Ellipsis.Length)
                break;
            sb.Append(piece);
        }
        return sb.Append(Ellipsis).ToString();
    }

    /// <summary>
    /// <paramref name="text"/> whole with its control and formatting characters escaped (\n, \t, \u001B): for a path,
    /// which names a file rather than holding its content and is useless cut short.
    /// </summary>
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape))
            return text;
        return string.Concat(Pieces(text));
    }

    /// <summary>The text as printable pieces: a character, a surrogate pair, or the escape of one character.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return text.Substring(i++, 2);
                continue;
            }
            yield return c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            };
        }
    }

    /// <summary>
    /// Control characters, the invisible formatting ones (a right-to-left override can make a message read other than
    /// it is), line separators and lone surrogates.
    /// </summary>
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c)
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
