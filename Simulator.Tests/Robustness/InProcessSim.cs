using Sim.Cli;

namespace Sim.Tests.Robustness;

/// <summary>What one <c>sim</c> command did: its exit code (null if it did not finish in time), its output, and the bytes
/// its thread allocated.</summary>
internal sealed record SimOutcome(int? Exit, string Stdout, string Stderr, long AllocatedBytes, TimeSpan Elapsed);

/// <summary>
/// Runs <c>sim</c> through <see cref="SimCli.Run"/>, the entry the program's Main calls, on a thread of its own: the
/// command's output goes to the writers it is given and Sim holds no global state, so a command in process behaves as
/// the program does, a few hundred times faster to start. The thread has the main thread's 8 MiB stack, so that a deep
/// recursion overflows here where it would in the program, and a timeout bounds a command that does not end.
/// </summary>
internal static class InProcessSim
{
    public static SimOutcome Run(string[] args, TimeSpan timeout)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = 0;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            exit = SimCli.Run(args, stdout, stderr);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, maxStackSize: 8 << 20) { IsBackground = true, Name = "sim " + string.Join(' ', args.Take(1)) };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        thread.Start();
        bool done = thread.Join(timeout);
        // A command still running is left to its background thread (it cannot be stopped from outside; the test fails),
        // and its writers, still in use, are not read.
        return done
            ? new SimOutcome(exit, stdout.ToString(), stderr.ToString(), allocated, watch.Elapsed)
            : new SimOutcome(null, "", "", 0, watch.Elapsed);
    }
}
