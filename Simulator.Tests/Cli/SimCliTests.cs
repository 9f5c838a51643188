using Sim.Cli;

namespace Sim.Tests.Cli;

/// <summary>The `sim` command line as a user types it: help, mistyped words, bad numbers; each error one line, exit 2.</summary>
public class SimCliTests
{
    private static (int Code, string Out, string Err) Sim(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SimCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void AssertError(string[] args, string line) =>
        Assert.That(Sim(args), Is.EqualTo((2, "", line + Environment.NewLine)));

    [Test]
    public void HelpAsAWordShowsTheHelpPage()
    {
        var help = Sim("--help");
        Assert.That(help.Code, Is.Zero);
        Assert.That(help.Out, Does.Contain("run <scenario>"));
        Assert.That(Sim("help"), Is.EqualTo(help));
        Assert.That(Sim("help", "sweep", "merge"), Is.EqualTo(Sim("sweep", "merge", "--help")));
    }

    [Test]
    public void HelpOfAnUnknownCommandIsAnError() =>
        AssertError(["help", "rnu"], "error: unknown command 'rnu' for 'sim'; did you mean 'run'? (see 'sim --help')");

    [Test]
    public void ASubcommandsUsageIsTheFormThatWorks()
    {
        var (code, stdout, _) = Sim("sweep", "merge", "--help");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.Contain(" sweep merge <out> <inputs>... [options]"));
        Assert.That(stdout, Does.Not.Contain("<sweep>"), "the sweep's own argument is not typed before merge");
        // The sweep's own page still shows its argument.
        Assert.That(Sim("sweep", "--help").Out, Does.Contain(" sweep <sweep> [command] [options]"));
    }

    [Test]
    public void AMistypedCommandGetsASuggestion()
    {
        AssertError(["rnu", "x.yaml"], "error: unknown command 'rnu' for 'sim'; did you mean 'run'? (see 'sim --help')");
        AssertError(["bench", "engien"], "error: unknown command 'engien' for 'sim bench'; did you mean 'engine'? (see 'sim bench --help')");
        AssertError(["frobnicate"], "error: unknown command 'frobnicate' for 'sim' (see 'sim --help')");
    }

    [Test]
    public void AMistypedOptionGetsASuggestionWhereverItStands()
    {
        AssertError(["run", "x.yaml", "--hww", "hw.yaml"], "error: unknown option '--hww' for 'sim run'; did you mean '--hw'? (see 'sim run --help')");
        // Before the scenario, the parser takes the unknown option for the scenario itself.
        AssertError(["run", "--hww", "hw.yaml"], "error: unknown option '--hww' for 'sim run'; did you mean '--hw'? (see 'sim run --help')");
        AssertError(["sweep", "merge", "--hepl"], "error: unknown option '--hepl' for 'sim sweep merge'; did you mean '--help'? (see 'sim sweep merge --help')");
    }

    [Test]
    public void ANumberOptionSaysItWantsAnIntegerWithoutDotNetTypeNames()
    {
        AssertError(["sweep", "x.yaml", "--jobs", "abc"], "error: --jobs abc: expected an integer (see 'sim sweep --help')");
        AssertError(["run", "x.yaml", "--seed", "1.5"], "error: --seed 1.5: expected an integer (see 'sim run --help')");
        AssertError(["run", "x.yaml", "--seed", "99999999999"], "error: --seed 99999999999: expected an integer from -2147483648 to 2147483647 (see 'sim run --help')");
        AssertError(["bench", "engine", "--events", "1e6"], "error: --events 1e6: expected an integer (see 'sim bench engine --help')");
    }

    [Test]
    public void MissingPiecesAreNamed()
    {
        AssertError([], "error: 'sim' needs a command: one of run, validate, bench, dram, cosim, coverage, report, sweep, regress, train, model, help (see 'sim --help')");
        AssertError(["run"], "error: 'sim run' needs <scenario> (see 'sim run --help')");
        AssertError(["sweep", "merge"], "error: 'sim sweep merge' needs <out> and <inputs> (see 'sim sweep merge --help')");
        AssertError(["run", "x.yaml", "--seed"], "error: --seed needs a value (see 'sim run --help')");
        AssertError(["run", "a.yaml", "b.yaml"], "error: unexpected argument 'b.yaml' for 'sim run' (see 'sim run --help')");
    }

    [Test]
    public void AnInputErrorFromACommandIsOneLineAndExitTwo()
    {
        string missing = Path.Combine(Path.GetTempPath(), "sim-no-such-" + Guid.NewGuid().ToString("N") + ".yaml");
        AssertError(["validate", missing], $"error: {missing}: no such file");
    }
}
