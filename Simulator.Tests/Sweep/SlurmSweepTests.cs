using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Sim.Tests.Config;

namespace Sim.Tests.Sweep;

/// <summary>
/// Sharding on a real cluster: .ci/slurm-sweep-test sets up a one-node Slurm cluster on this machine,
/// runs scenarios/sweeps/resnet50-array.yaml as a job array of 4 shards, merges them and checks the
/// result against a local run of the same sweep (see the script). It needs root or passwordless sudo to
/// install slurm-wlm and munge and start the daemons; without either the test is ignored, otherwise it runs.
/// </summary>
[Category("Slurm"), NonParallelizable]
public class SlurmSweepTests
{
    private const string Passed = "slurm sweep test: passed";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static bool SudoWorks()
    {
        try
        {
            using var sudo = Process.Start(new ProcessStartInfo("sudo", ["-n", "true"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            return sudo.WaitForExit(30_000) && sudo.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; } // no sudo at all
    }

    [Test, Platform(Include = "Linux")]
    public void AJobArrayOfFourShardsMergesToTheLocalSweep()
    {
        if (!Environment.IsPrivilegedProcess && !SudoWorks())
            Assert.Ignore("needs root or passwordless sudo to install slurm-wlm and munge and start slurmctld, slurmd and munged; neither is available");

        string root = ConfigTestSupport.RepoRoot;
        var info = new ProcessStartInfo("bash", [Path.Combine(root, ".ci", "slurm-sweep-test")])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["SLURM_SWEEP_TIMEOUT"] = "600";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var script = Process.Start(info)!;
        script.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        if (!script.WaitForExit(Limit))
        {
            kill(script.Id, 15); // SIGTERM: the script's trap stops the cluster and removes its files
            if (!script.WaitForExit(TimeSpan.FromSeconds(60))) script.Kill(entireProcessTree: true);
            Assert.Fail($"the script did not finish in {Limit.TotalMinutes} minutes\n{stdout}\n{stderr}");
        }
        script.WaitForExit(); // the end of both streams
        TestContext.Out.WriteLine($"{stdout}(script: {clock.Elapsed.TotalSeconds:0} s)");
        Assert.Multiple(() =>
        {
            Assert.That(script.ExitCode, Is.EqualTo(0), () => $"{stdout}\n{stderr}");
            Assert.That(stdout.ToString().TrimEnd().Split('\n')[^1], Is.EqualTo(Passed), () => $"{stdout}\n{stderr}");
        });
    }
}
