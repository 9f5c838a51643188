using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Sim.Config;

namespace Sim.Cli;

/// <summary>
/// A command line System.CommandLine could not parse, said as one line in Sim's words: the first thing wrong, with a
/// "did you mean" for a mistyped command or option (the library's own suggestions come as a separate multi-line
/// block), and never a .NET type name ("System.Nullable`1[System.Int32]") for a value that is not a number.
/// </summary>
internal static class ParseErrorText
{
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string see = $" (see '{CommandPath(parse.CommandResult)} --help')";
        return (UnknownToken(parse, command) ?? NotANumber(parse) ?? Missing(parse) ?? parse.Errors[0].Message) + see;
    }

    /// <summary>"sim sweep merge": the command's path, named as the user types it whatever the host process is called.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Parent is not null; r = r.Parent)
            names.Insert(0, c.Command.Name);
        return string.Join(" ", ["sim", .. names]);
    }

    /// <summary>
    /// A word the parser could not place: a mistyped option or command, or one argument too many. An unknown option
    /// before a command's argument is taken as that argument ("sim run --hww x" reads "--hww" as the scenario), so the
    /// command's own argument tokens are looked at first.
    /// </summary>
    private static string? UnknownToken(ParseResult parse, Command command)
    {
        string where = $"for '{CommandPath(parse.CommandResult)}'";
        var unplaced = parse.CommandResult.Tokens.Select(t => t.Value).Where(LooksLikeOption)
            .Concat(parse.UnmatchedTokens).ToList();
        if (unplaced.Count == 0)
            return null;
        string token = unplaced[0];
        string quoted = Excerpt.Of(token);
        if (LooksLikeOption(token))
            return $"unknown option '{quoted}' {where}{NearestName.Suggestion(token, OptionNames(parse.CommandResult))}";
        if (command.Subcommands.Count > 0)
            return $"unknown command '{quoted}' {where}{NearestName.Suggestion(token, command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)))}";
        return $"unexpected argument '{quoted}' {where}";
    }

    /// <summary>"-x" or "--name", not a negative number (a value such as --seed -1 is parsed as one).</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The options a command takes: its own and those its ancestors pass down (--help).</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        var options = result.Command.Options.AsEnumerable();
        for (var r = result.Parent; r is CommandResult parent; r = r.Parent)
            options = options.Concat(parent.Command.Options.Where(o => o.Recursive));
        return options.SelectMany(o => o.Aliases.Prepend(o.Name));
    }

    /// <summary>"--seed 1.5: expected an integer" for a value the parser could not convert to its option's number type.</summary>
    private static string? NotANumber(ParseResult parse)
    {
        foreach (var e in parse.Errors)
        {
            var (name, type, tokens) = e.SymbolResult switch
            {
                OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
                ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens),
                _ => ((string?)null, typeof(void), (IReadOnlyList<Token>)[]),
            };
            if (name is null || tokens.Count != 1)
                continue;
            type = Nullable.GetUnderlyingType(type) ?? type;
            string value = tokens[0].Value;
            string prefix = $"{name} {Excerpt.Of(value)}: expected ";
            if (type == typeof(double))
                return prefix + "a number";
            if (IntegerRange(type) is var (min, max))
                return prefix + (BigInteger.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? $"an integer from {min} to {max}"
                    : "an integer");
        }
        return null;
    }

    private static (long Min, long Max)? IntegerRange(Type type) =>
        type == typeof(int) ? (int.MinValue, int.MaxValue)
        : type == typeof(long) ? (long.MinValue, long.MaxValue)
        : null;

    /// <summary>A command given without its subcommand or a required argument, or an option without its value.</summary>
    private static string? Missing(ParseResult parse)
    {
        var result = parse.CommandResult;
        string path = CommandPath(result);
        var command = result.Command;
        if (command.Subcommands.Count > 0 && command.Action is null)
            return $"'{path}' needs a command: one of {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        if (parse.Errors.Select(e => e.SymbolResult).OfType<OptionResult>().FirstOrDefault(o => o.Tokens.Count == 0) is { } option)
            return $"{option.Option.Name} needs a value";
        var missing = parse.Errors.Select(e => e.SymbolResult).OfType<ArgumentResult>().Where(a => a.Tokens.Count == 0)
            .Select(a => $"<{a.Argument.Name}>").Distinct().ToList();
        return missing.Count == 0 ? null : $"'{path}' needs {string.Join(" and ", missing)}";
    }
}
