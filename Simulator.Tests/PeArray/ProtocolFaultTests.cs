using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>
/// An array that drops a valid output breaks the driver's output protocol: the driver says so with an
/// <see cref="ArrayProtocolFault"/>, which cosimulation reports as a mismatch to locate (exit 1), not a crash.
/// </summary>
public class ProtocolFaultTests
{
    /// <summary>The register-level array with column 0's valid bit held low on one edge: one sum lost.</summary>
    private sealed class DroppingArray(int rows, int cols, long dropAt) : IPeArray
    {
        private readonly SystolicArray _inner = new(rows, cols);
        private readonly bool[] _valid = new bool[cols];
        public int Rows => _inner.Rows;
        public int Cols => _inner.Cols;
        public long Cycle => _inner.Cycle;
        public ReadOnlySpan<int> PartialSumOut => _inner.PartialSumOut;
        public ReadOnlySpan<bool> PartialSumOutValid => _valid;
        public ReadOnlySpan<long> MacsActive => _inner.MacsActive;
        public ReadOnlySpan<long> MacsGated => _inner.MacsGated;
        public ReadOnlySpan<long> MacsRepeated => _inner.MacsRepeated;
        public void Reset() => _inner.Reset();
        public void Configure(in PeDatapath datapath, in PeArrayFeatures features) => _inner.Configure(datapath, features);

        public void Step(in PeArrayInputs inputs)
        {
            _inner.Step(inputs);
            _inner.PartialSumOutValid.CopyTo(_valid);
            if (_inner.Cycle == dropAt) _valid[0] = false;
        }
    }

    [Test]
    public void ADroppedSumIsAProtocolFault()
    {
        // 4x4 array, M = 6 vectors: column 0 emits y[0..5][0] on edges 2R .. 2R + 5 = 8 .. 13; dropping edge 10's
        // leaves one sum missing when a correct array is done.
        var a = new short[6 * 4];
        var w = new short[4 * 4];
        for (int i = 0; i < a.Length; i++) a[i] = (short)(i % 5 + 1);
        for (int i = 0; i < w.Length; i++) w[i] = (short)(i % 3 + 1);
        Assert.That(new TileDriver(new DroppingArray(4, 4, dropAt: 20)).Run(a, w, new int[6 * 4], 6, 4, 4), Is.EqualTo(2 * 4 + 6 + 4 - 2),
            "a drop after the tile is done changes nothing");
        var fault = Assert.Throws<ArrayProtocolFault>(() => new TileDriver(new DroppingArray(4, 4, dropAt: 10)).Run(a, w, new int[6 * 4], 6, 4, 4));
        Assert.That(fault!.Message, Does.Contain("outputs still missing"));
    }
}
