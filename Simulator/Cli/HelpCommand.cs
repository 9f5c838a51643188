using System.CommandLine;
using Sim.Config;

namespace Sim.Cli;

/// <summary>`sim help [COMMAND...]`: the same page as `sim [COMMAND...] --help`, for those who type help as a word.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root)
    {
        var commandArg = new Argument<string[]>("command") { Description = "The command to explain, e.g. run or sweep merge", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show the help of sim or of a command") { commandArg };
        command.SetAction(parse =>
        {
            string[] names = parse.GetValue(commandArg)!;
            // With --help the parser drops what it cannot place, and `sim help nope` would show sim's page: check first.
            if (root.Parse(names) is { UnmatchedTokens.Count: > 0 } unknown)
                throw new InputError(ParseErrorText.Describe(unknown));
            return root.Parse([.. names, "--help"]).Invoke(parse.InvocationConfiguration);
        });
        return command;
    }
}
