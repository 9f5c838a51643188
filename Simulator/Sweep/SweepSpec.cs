using YamlDotNet.RepresentationModel;

namespace Sim.Sweep;

/// <summary>How a sweep's axes combine into points.</summary>
internal enum CombineMode { Grid, Zip, Random }

/// <summary>One key set by one axis value: where it goes (<see cref="OverridePath"/>) and the sweep file's node for the value.</summary>
internal sealed record Override(OverridePath Path, YamlNode Value);

/// <summary>
/// One value of an axis: the keys it sets (one for a path axis, several for a named axis whose
/// values are mappings of paths) and how it is shown in tables, plots and the database.
/// </summary>
internal sealed record AxisValue(string Label, IReadOnlyList<Override> Overrides, YamlNode Node);

/// <summary>An axis: its name (a dotted path, or a free name for an axis setting several keys) and its values.</summary>
internal sealed record Axis(string Name, YamlScalarNode KeyNode, IReadOnlyList<AxisValue> Values);

/// <summary>
/// A parsed sweep file: the base scenario (and optionally base hardware, replacing the scenario's),
/// the axes, how they combine, and for random sampling how many points and the seed.
/// </summary>
internal sealed record SweepSpec(
    string Name,
    string SourcePath,
    string ScenarioPath,
    string? HardwarePath,
    CombineMode Combine,
    int Samples,
    ulong SampleSeed,
    IReadOnlyList<Axis> Axes);
