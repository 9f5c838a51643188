using System.CommandLine;
using Sim.Cli;
using Sim.Config;

var root = new RootCommand("Sim: a cycle-accurate, bit-exact simulator of DNN accelerators")
{
    RunCommand.Create(),
    ValidateCommand.Create(),
    BenchCommand.Create(),
    DramTraceCommand.Create(),
    CosimCommand.Create(),
    ReportCommand.Create(),
    SweepCommand.Create(),
    RegressCommand.Create(),
    TrainCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line, as for any other bad input, and the usage exit code.
    Console.Error.WriteLine($"error: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see 'sim --help')");
    return 2;
}

try
{
    // Ctrl-C and SIGTERM cancel the token of `sim run` and `sim report`, which stop at their next check (between
    // layers and between report files; ResNet-50 stops within a second) and remove their staging folder. Should one
    // not stop in time, System.CommandLine returns 130 (SIGINT) or 143 (SIGTERM) without waiting for it.
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
}
catch (InputError e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (Exception e) when (Environment.GetEnvironmentVariable("SIM_TRACE") != "1")
{
    // A fault of Sim's own, not of the input: one line, and the way to see more.
    Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message} (run with SIM_TRACE=1 for the stack trace)");
    return 70;
}
