using System.Diagnostics;
using Sim.Tests.Config;

namespace Sim.Tests.Cosim;

/// <summary>
/// The X-propagation run of reset: Icarus Verilog (4-state, installed by .ci/setup) runs reset_x_tb.v, which holds
/// every input of both arrays at X through the reset edge and requires every output known afterwards. Verilator is
/// 2-state and cannot show this. The same bench on a build whose reset misses a register must fail.
/// </summary>
[Category("Cosim")]
public class ResetXPropagationTests
{
    private static readonly string[] Sources =
        ["Simulator.Tests/Cosim/reset_x_tb.v", "Simulator/Rtl/pe_array.v", "Simulator/Rtl/pe.v", "Simulator/Rtl/os_array.v", "Simulator/Rtl/os_pe.v"];

    private static string RunBench(params string[] defines)
    {
        string binary = Path.Combine(Path.GetTempPath(), $"sim-reset-x-{Environment.ProcessId}-{string.Join("-", defines)}.vvp");
        try
        {
            Run("iverilog", ["-g2012", .. defines.Select(d => "-D" + d), "-o", binary, .. Sources.Select(s => Path.Combine(ConfigTestSupport.RepoRoot, s))]);
            return Run("vvp", ["-n", binary]).Trim().Split('\n')[^1];
        }
        finally { File.Delete(binary); }
    }

    private static string Run(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"'{tool}' not found: install Debian's iverilog (bash .ci/setup)");
            throw;
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"{tool}: {errors}");
            return output;
        }
    }

    [Test]
    public void EveryOutputIsKnownAfterResetFromUnknownInputs() => Assert.That(RunBench(), Is.EqualTo("PASS"));

    [TestCase("SIM_DEFECT_PSUM_NO_RESET", "FAIL pe_array psum_out at cycle 0")]
    [TestCase("SIM_DEFECT_VALID_NO_RESET", "FAIL pe_array mac counters at cycle 1")]
    public void AResetThatMissesARegisterShowsX(string defect, string verdict) => Assert.That(RunBench(defect), Is.EqualTo(verdict));
}
