using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Sim.Cli;

/// <summary>
/// The help page of a subcommand shows the words that reach it: `sim sweep merge OUT INPUTS...`, not the library's
/// `sim sweep SWEEP merge ...`, which asks for the parent's argument (a sweep file) that the subcommand never reads.
/// System.CommandLine's help writer is not public, so the ancestors' arguments are hidden while it writes.
/// </summary>
internal sealed class SubcommandHelp(HelpAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    /// <summary>Puts this action on <paramref name="root"/>'s help option, which every command inherits.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new SubcommandHelp((HelpAction)help.Action!);
    }

    public override int Invoke(ParseResult parse)
    {
        var hidden = new List<Argument>();
        for (var command = parse.CommandResult.Parent as CommandResult; command is not null; command = command.Parent as CommandResult)
            hidden.AddRange(command.Command.Arguments.Where(a => !a.Hidden));
        hidden.ForEach(a => a.Hidden = true);
        try
        {
            return standard.Invoke(parse);
        }
        finally
        {
            hidden.ForEach(a => a.Hidden = false);
        }
    }
}
