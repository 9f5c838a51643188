using Sim.Accelerator;
using Sim.Config;

namespace Sim.Run;

/// <summary>A program run whose passing its cycle limit is reported as the one line of bad input it is, naming the layer.</summary>
internal static class LimitedRun
{
    public static T Of<T>(Func<T> run, Func<int, string> layerName)
    {
        try
        {
            return run();
        }
        catch (RunLimitExceeded e)
        {
            throw new InputError($"the run passed its limit of {e.MaxCycles} core cycles (execution.max_cycles) while layer " +
                                 $"'{layerName(e.Layer)}' was running; raise the limit in the scenario's execution: section, or check the inputs");
        }
    }
}
