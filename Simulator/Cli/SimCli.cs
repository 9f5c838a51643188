using System.CommandLine;
using Sim.Config;

namespace Sim.Cli;

/// <summary>
/// The <c>sim</c> command line: its commands, and the exit codes: 0 done, 1 a result the run found wrong (the command
/// says which), 2 bad input (one error line, whatever the input), 70 a fault of Sim's own.
/// </summary>
internal static class SimCli
{
    public static RootCommand Root()
    {
        var root = new RootCommand("Sim: a cycle-accurate, bit-exact simulator of DNN accelerators")
        {
            RunCommand.Create(),
            ValidateCommand.Create(),
            BenchCommand.Create(),
            DramTraceCommand.Create(),
            CosimCommand.Create(),
            CoverageCommand.Create(),
            ReportCommand.Create(),
            SweepCommand.Create(),
            RegressCommand.Create(),
            TrainCommand.Create(),
            ModelCommand.Create(),
        };
        root.Add(HelpCommand.Create(root));
        SubcommandHelp.Install(root);
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parse = Root().Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine(new InputError(ParseErrorText.Describe(parse)).Message);
            return 2;
        }
        try
        {
            // Ctrl-C and SIGTERM cancel the token of `sim run` and `sim report`, which stop at their next check (between
            // layers and between report files; ResNet-50 stops within a second) and remove their staging folder. Should one
            // not stop in time, System.CommandLine returns 130 (SIGINT) or 143 (SIGTERM) without waiting for it.
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
            });
        }
        catch (InputError e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("SIM_TRACE") != "1")
        {
            // A fault of Sim's own, not of the input: one line, and the way to see more.
            stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message} (run with SIM_TRACE=1 for the stack trace)");
            return 70;
        }
    }
}
