using System.CommandLine;

namespace Sim.Cli;

/// <summary>
/// Commands that write a report stop cleanly on Ctrl-C (SIGINT) or SIGTERM. System.CommandLine cancels the
/// token it passes to an asynchronous action when either signal arrives (see <c>ProcessTerminationTimeout</c>
/// in Program.cs); the run and the report check it between layers and between files, and the report's staging
/// folder goes. The command then prints one line and exits 130, the shell's code for an interrupted process.
/// </summary>
internal static class Interruption
{
    public const int ExitCode = 130;
    public const string Message = "interrupted; no report written";

    /// <summary>
    /// Makes <paramref name="action"/> the command's action, on a worker thread: System.CommandLine listens for
    /// the signals only once the action has returned its task, so the action must not run before returning it.
    /// </summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, int> action) =>
        command.SetAction((parse, cancel) => Task.Run(() => action(parse, cancel), CancellationToken.None));

    /// <summary><paramref name="body"/>'s exit code, or <see cref="ExitCode"/> and the one line if it stopped for <paramref name="cancel"/>.</summary>
    public static int Guard(Func<int> body, TextWriter stderr, CancellationToken cancel)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            stderr.WriteLine(Message);
            return ExitCode;
        }
    }
}
