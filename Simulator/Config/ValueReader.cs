using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Reads one YAML value as a typed, range-checked value. Every failure is an <see cref="InputError"/>
/// at the value's position, naming the key path, what was expected and what was found.
/// </summary>
internal static class ValueReader
{
    public static InputError ErrorAt(string file, YamlNode node, string reason) =>
        NodeOrigin.TryGet(node, out var origin)
            ? new(origin!.File, Math.Max(1, origin.Line), Math.Max(1, origin.Column), reason + origin.Note)
            : new(file, Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column), reason);

    /// <summary>An integer in [min, max]; <paramref name="max"/> is a sanity bound.</summary>
    public static long Integer(string file, string path, YamlNode node, long min, long max)
    {
        string expected = min switch
        {
            1 => "a positive integer",
            0 => "a non-negative integer",
            _ => $"an integer from {min} to {max}",
        };
        // A range already names its top; a positive or non-negative integer gets its sanity bound said.
        string bound = min is 0 or 1 ? $" no larger than {max} (sanity bound)" : "";
        if (node is not YamlScalarNode s)
            throw ErrorAt(file, node, $"{path}: expected {expected}, got {YamlValues.Describe(node)}");
        var outcome = YamlValues.TryParseInteger(s, out long value);
        string got = YamlValues.Describe(node);
        switch (outcome)
        {
            case YamlValues.IntegerParse.NotANumber:
                throw ErrorAt(file, node, $"{path}: expected {expected}, got {got}");
            case YamlValues.IntegerParse.NotWhole:
                throw ErrorAt(file, node, $"{path}: expected {expected}, got {got} (not an integer)");
            case YamlValues.IntegerParse.OutOfRange:
                throw ErrorAt(file, node, $"{path}: expected {expected}{(min is 0 or 1 ? $" no larger than {max}" : "")}, got {got}");
        }
        if (value < min)
            throw ErrorAt(file, node, $"{path}: expected {expected}, got {got}");
        if (value > max)
            throw ErrorAt(file, node, $"{path}: expected {expected}{bound}, got {got}");
        return value;
    }

    /// <summary>An integer in [min, max] that fits an int.</summary>
    public static int Int(string file, string path, YamlNode node, int min, int max) =>
        (int)Integer(file, path, node, min, max);

    /// <summary>
    /// A finite number in [min, max] (or (min, max] when <paramref name="minExclusive"/>). Integers and
    /// floats are both accepted.
    /// </summary>
    public static double Number(string file, string path, YamlNode node, double min, double max, bool minExclusive)
    {
        string expected = (min, minExclusive) switch
        {
            (0, true) => "a positive number",
            (0, false) when max == 1 => "a number from 0 to 1",
            (0, false) => "a non-negative number",
            _ => $"a number from {Format(min)} to {Format(max)}",
        };
        string got = YamlValues.Describe(node);
        if (node is not YamlScalarNode s || !YamlValues.TryParseNumber(s, out double value))
            throw ErrorAt(file, node, $"{path}: expected {expected}, got {got}");
        if (!double.IsFinite(value))
            throw ErrorAt(file, node, $"{path}: expected {expected}, got {got} (not a finite number)");
        if (value < min || (minExclusive && value == min))
            throw ErrorAt(file, node, $"{path}: expected {expected}, got {got}");
        if (value > max)
            throw ErrorAt(file, node, max == 1 && min == 0
                ? $"{path}: expected {expected}, got {got}"
                : $"{path}: expected {expected} no larger than {Format(max)} (sanity bound), got {got}");
        return value;
    }

    /// <summary>A non-empty string. Plain scalars that look like numbers are accepted as text.</summary>
    public static string Text(string file, string path, YamlNode node)
    {
        if (node is not YamlScalarNode s || YamlValues.IsNull(s) || string.IsNullOrWhiteSpace(s.Value))
            throw ErrorAt(file, node, $"{path}: expected a non-empty string, got {YamlValues.Describe(node)}");
        return s.Value;
    }

    /// <summary>One of a fixed set of names.</summary>
    public static T Choice<T>(string file, string path, YamlNode node, IReadOnlyList<(string Name, T Value)> choices)
    {
        string allowed = string.Join(", ", choices.Select(c => c.Name));
        if (node is YamlScalarNode { Value: { } text } s && !YamlValues.IsNull(s))
        {
            foreach (var (name, value) in choices)
                if (string.Equals(name, text, StringComparison.Ordinal))
                    return value;
            throw ErrorAt(file, node,
                $"{path}: unknown value '{Excerpt.Of(text)}' (expected one of: {allowed}){NearestName.Suggestion(text, choices.Select(c => c.Name))}");
        }
        throw ErrorAt(file, node, $"{path}: expected one of: {allowed}, got {YamlValues.Describe(node)}");
    }

    /// <summary>
    /// A list of integers in [min, max] whose length is one of <paramref name="counts"/>; a plain scalar
    /// is accepted as a one-element list when 1 is among the counts. <paramref name="form"/> describes the
    /// expected shape in messages ("[N, C, H, W]").
    /// </summary>
    public static int[] IntList(string file, string path, YamlNode node, int[] counts, string form, int min, int max)
    {
        string kind = min switch { 1 => "positive integers", 0 => "non-negative integers", _ => "integers" };
        string lengths = string.Join(" or ", counts);
        if (node is YamlScalarNode scalar && counts.Contains(1) && !YamlValues.IsNull(scalar))
            return [Int(file, path, node, min, max)];
        if (node is not YamlSequenceNode seq)
            throw ErrorAt(file, node, $"{path}: expected a list of {lengths} {kind} {form}, got {YamlValues.Describe(node)}");
        if (!counts.Contains(seq.Children.Count))
            throw ErrorAt(file, node, $"{path}: expected a list of {lengths} {kind} {form}, got {YamlValues.Describe(node)}");
        var result = new int[seq.Children.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = Int(file, $"{path}[{i}]", seq.Children[i], min, max);
        return result;
    }

    private static string Format(double d) => d.ToString("G", CultureInfo.InvariantCulture);
}
