using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>One functional cover point: how many of its bins a stimulus hit.</summary>
internal sealed record CoverPoint(string Name, int Hit, int Bins)
{
    public double Fraction => Bins == 0 ? 1 : (double)Hit / Bins;
}

/// <summary>
/// The weight-stationary array's functional cover points, sampled from the register-level model (whose registers
/// the RTL's equal in lockstep) and from the sequencer's inputs. Each point has only the bins the build can reach:
/// <list type="bullet">
/// <item><b>PE index x valid x weight</b>, in 2:4 mode, per PE of a row pair: its 2-bit weight index (bank 0), whether
///   the activation it holds is valid, whether its weight is non-zero. The compressor keeps a group's two indices
///   ascending and gives a missing non-zero the lowest free index, so the even row of a pair holds 0 (zero or not),
///   1 or 2 (non-zero), the odd row 1 (zero or not), 2 or 3 (non-zero): 8 bins a PE;</item>
/// <item><b>mode x load overlap</b>, per edge: zero gating, and 2:4 where the array has a row pair, x whether a weight
///   load shared the edge with a valid activation entering the array, which only a second weight buffer allows;</item>
/// <item><b>partial tiles x 2:4</b>, per tile: K_t below the rows it can use, N_t below the columns, dense or 2:4.</item>
/// </list>
/// </summary>
internal sealed class FunctionalCoverage
{
    private readonly int _rows, _cols, _pairedRows;
    private readonly bool _twoFour, _overlap;
    private readonly bool[] _peBins, _modeBins, _tileBins;

    public FunctionalCoverage(RtlConfig rtl)
    {
        (_rows, _cols) = (rtl.Rows, rtl.Cols);
        _pairedRows = rtl.Rows / 2 * 2;
        _twoFour = _pairedRows > 0;
        _overlap = rtl.WeightBuffers == 2;
        _peBins = new bool[_twoFour ? _pairedRows * _cols * 8 : 0];
        _modeBins = new bool[(_twoFour ? 4 : 2) * (_overlap ? 2 : 1)];
        _tileBins = new bool[4 * (_twoFour ? 2 : 1)];
    }

    /// <summary>An edge's mode, and whether a weight load shared it with a valid activation entering the array.</summary>
    public void SampleEdge(in PeArrayFeatures features, bool load, bool activationEnters)
    {
        int mode = (features.ZeroGating ? 1 : 0) + (features.Structured24 ? 2 : 0);
        bool overlap = load && activationEnters;
        _modeBins[_overlap ? 2 * mode + (overlap ? 1 : 0) : mode] = true;
    }

    /// <summary>The registers an edge left in the model's PEs, in 2:4 mode.</summary>
    public void SamplePes(SystolicArray model)
    {
        if (!model.Features.Structured24) return;
        for (int r = 0; r < _pairedRows; r++)
            for (int c = 0; c < _cols; c++)
            {
                // The even row's indices 0..2 and the odd row's 1..3 both map to 0..2; a zero weight belongs with the
                // lowest. Any other state is a register not yet loaded in this mode.
                int index = model.WeightIndex(r, c) - (r % 2);
                var pe = model.Element(r, c);
                if (index is < 0 or > 2 || (index > 0 && pe.Weight == 0)) continue;
                int held = index == 0 ? (pe.Weight != 0 ? 1 : 0) : index + 1;
                _peBins[8 * (r * _cols + c) + 2 * held + (pe.ActivationValid ? 1 : 0)] = true;
            }
    }

    /// <summary>A tile the sequencer runs, in its layer's mode.</summary>
    public void SampleTile(TileJob tile, in PeArrayFeatures features)
    {
        int maxK = features.Structured24 ? 2 * _pairedRows : _rows;
        _tileBins[(tile.K < maxK ? 1 : 0) + (tile.N < _cols ? 2 : 0) + (features.Structured24 ? 4 : 0)] = true;
    }

    public IReadOnlyList<CoverPoint> Points =>
    [
        .. _twoFour ? [new CoverPoint("PE index x valid x weight (2:4)", _peBins.Count(b => b), _peBins.Length)] : Array.Empty<CoverPoint>(),
        new("mode x load overlap", _modeBins.Count(b => b), _modeBins.Length),
        new("partial tiles x 2:4", _tileBins.Count(b => b), _tileBins.Length),
    ];
}
