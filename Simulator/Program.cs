using System.CommandLine;
using Sim.Cli;
using Sim.Config;

var root = new RootCommand("Sim: a cycle-accurate, bit-exact simulator of DNN accelerators")
{
    RunCommand.Create(),
    ValidateCli.Create(),
    BenchCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line for the first problem, as for any other bad input, and the usage exit code.
    Console.Error.WriteLine($"error: {parse.Errors[0].Message} (see 'sim --help')");
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
