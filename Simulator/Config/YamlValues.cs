using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Interpreting YAML scalars the way YAML 1.2's core schema does: plain scalars may be numbers or
/// null; quoted scalars (or ones tagged !!str) are always strings, so <c>rows: "32"</c> is a string.
/// </summary>
internal static partial class YamlValues
{
    /// <summary>How a node reads in an error message: the plain text, a quoted string, "nothing", "a list" (text as an <see cref="Excerpt"/>).</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode s when IsString(s) => $"the string \"{Excerpt.Of(s.Value ?? "")}\"",
        YamlScalarNode s => Excerpt.Of(s.Value ?? ""),
        YamlSequenceNode q => q.Children.Count == 0 ? "an empty list" : $"a list of {q.Children.Count}",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    /// <summary>An empty plain value, <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(YamlScalarNode s) =>
        !IsString(s) && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>A quoted or block scalar, or one tagged !!str: text, never a number.</summary>
    public static bool IsString(YamlScalarNode s) =>
        s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded
        || (s.Tag.IsGlobal && s.Tag.Value == "tag:yaml.org,2002:str");

    /// <summary>Outcome of reading a scalar as an integer.</summary>
    public enum IntegerParse { Ok, NotANumber, NotWhole, OutOfRange }

    /// <summary>Reads a plain decimal (or 0x hex, 0o octal) integer that fits a long.</summary>
    public static IntegerParse TryParseInteger(YamlScalarNode s, out long value)
    {
        value = 0;
        if (IsString(s) || IsNull(s) || s.Value is null)
            return IntegerParse.NotANumber;
        string t = s.Value;
        if (DecimalInteger().IsMatch(t))
        {
            if (!BigInteger.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
                return IntegerParse.NotANumber;
            if (big < long.MinValue || big > long.MaxValue)
                return IntegerParse.OutOfRange;
            value = (long)big;
            return IntegerParse.Ok;
        }
        if (t.StartsWith("0x", StringComparison.Ordinal) && t.Length > 2)
            return long.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && value >= 0
                ? IntegerParse.Ok : IntegerParse.OutOfRange;
        if (t.StartsWith("0o", StringComparison.Ordinal) && t.Length > 2 && t[2..].All(c => c is >= '0' and <= '7'))
        {
            try { value = Convert.ToInt64(t[2..], 8); return IntegerParse.Ok; }
            catch (OverflowException) { return IntegerParse.OutOfRange; }
        }
        if (TryParseNumber(s, out _))
            return IntegerParse.NotWhole;
        return IntegerParse.NotANumber;
    }

    /// <summary>Reads a plain finite or infinite number (integer or float, YAML 1.2 core schema).</summary>
    public static bool TryParseNumber(YamlScalarNode s, out double value)
    {
        value = 0;
        if (IsString(s) || IsNull(s) || s.Value is null)
            return false;
        string t = s.Value;
        if (FloatNumber().IsMatch(t))
            return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        switch (t)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": value = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf" or "-.INF": value = double.NegativeInfinity; return true;
            case ".nan" or ".NaN" or ".NAN": value = double.NaN; return true;
        }
        if (t.StartsWith("0x", StringComparison.Ordinal) && t.Length > 2
            && long.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex))
        {
            value = hex;
            return true;
        }
        return false;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatNumber();
}
