using Sim.Config;
using Sim.Energy;
using Sim.Numerics;
using Sim.Run;

namespace Sim.Sweep;

/// <summary>
/// What a sweep point's special-function unit was, what it cost and how accurate it was, so that tables can be compared
/// whatever the sweep's axes are called: its table (entries, interpolation, format), the unit's area (mm^2), the dynamic
/// energy of one lookup (pJ), and the largest |output - float64 reference| and ULP error over the run's SFU layers
/// (Exp, Sigmoid, Tanh, Gelu, Softmax, LayerNormalization rows).
/// </summary>
internal sealed record SfuPointFigures(
    int LutEntries, string Interpolation, string TableFormat, double AreaMm2, double PjPerLookup, double MaxAbsError, double MaxUlpError)
{
    /// <summary>The figures of a run on <paramref name="hw"/>; null when no layer ran on the SFU (there is no accuracy to report).</summary>
    public static SfuPointFigures? Of(HardwareConfig hw, RunSummary run)
    {
        var layers = run.Layers.Where(l => l.Unit == "sfu").ToList();
        if (hw.Sfu is not { } sfu || layers.Count == 0)
            return null;
        return new SfuPointFigures(
            sfu.LutEntries,
            sfu.Interpolation.ToString().ToLowerInvariant(),
            sfu.TableFormat.Name(),
            run.Area.Components.Single(c => c.Component == "sfu").Mm2,
            SfuEnergy.Of(hw.Energy, sfu).LookupPj,
            layers.Max(l => l.MaxAbsError),
            layers.Max(l => l.MaxUlpError));
    }
}
