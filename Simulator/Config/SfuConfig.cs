using Sim.Numerics;
using Sim.Sfu;

namespace Sim.Config;

/// <summary>How the special-function unit reads between table entries: the nearer entry, or the line through the two around the argument.</summary>
internal enum SfuInterpolation { Nearest, Linear }

/// <summary>
/// The special-function unit (<c>sfu:</c>): <see cref="Lanes"/> elements a cycle, each a range-reduced lookup in a table of
/// <see cref="LutEntries"/> entries stored in <see cref="TableFormat"/>, read with <see cref="Interpolation"/>; it computes the
/// <see cref="Functions"/> listed and refuses the rest.
/// </summary>
internal sealed record SfuConfig(int Lanes, int LutEntries, SfuInterpolation Interpolation, ElementFormat TableFormat, IReadOnlyList<SfuFunction> Functions);
