using Sim.Config;
using Sim.Numerics;

namespace Sim.Sfu;

/// <summary>
/// A function's table as the SFU holds it: <see cref="SfuConfig.LutEntries"/> entries, each the float64 sample rounded once
/// (nearest even) to the table format and held as the fp32 value it is. The table is cut into equal segments (one for most
/// functions; rsqrt's exponent parity picks one of two); segment s samples its reduced argument u in [0, 1] at j / (n - 1),
/// j = 0 .. n - 1, both ends included, so that interpolation never reads past its segment.
/// </summary>
internal sealed class LookupTable
{
    private readonly float[] _entries;
    private readonly int _perSegment;
    private readonly bool _linear;

    /// <param name="sample">The float64 value of segment s at reduced argument u.</param>
    public LookupTable(SfuConfig config, int segments, Func<int, double, double> sample)
    {
        _perSegment = config.LutEntries / segments;
        _linear = config.Interpolation == SfuInterpolation.Linear;
        _entries = new float[config.LutEntries];
        for (int s = 0; s < segments; s++)
            for (int j = 0; j < _perSegment; j++)
                _entries[s * _perSegment + j] = ElementCodec.ToFloat(config.TableFormat,
                    ElementCodec.FromDouble(config.TableFormat, sample(s, (double)j / (_perSegment - 1)), ElementFormats.DefaultOverflow));
    }

    public int Count => _entries.Length;

    public float this[int index] => _entries[index];

    /// <summary>
    /// The table at u in [0, 1] of <paramref name="segment"/>, in fp32: the position p = u (n - 1) rounded once to fp32, its
    /// integer part i (at most n - 2) and fraction f = p - i (exact: i is p's floor). Nearest reads entry i, or i + 1 when
    /// f &gt;= 1/2 (ties away from zero). Linear reads entries i and i + 1 and returns e_i + f (e_i+1 - e_i), the difference
    /// rounded to fp32 and the product and sum fused into one rounding (an fp32 FMA, nearest even).
    /// </summary>
    public float Read(int segment, float u)
    {
        float p = u * (_perSegment - 1);
        int i = Math.Min((int)p, _perSegment - 2);
        float f = p - i;
        int at = segment * _perSegment + i;
        if (!_linear) return _entries[f >= 0.5f ? at + 1 : at];
        float lo = _entries[at];
        return MathF.FusedMultiplyAdd(f, _entries[at + 1] - lo, lo);
    }
}
