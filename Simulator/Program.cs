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
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
