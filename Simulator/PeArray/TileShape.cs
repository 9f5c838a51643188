namespace Sim.PeArray;

/// <summary>
/// The argument rules shared by the tile driver and the fast tile model, so both reject exactly
/// the same tiles: M &gt;= 1 vectors, 1 &lt;= K_t &lt;= Rows, 1 &lt;= N_t &lt;= Cols, buffers sized M x K_t,
/// K_t x N_t and M x N_t (row-major).
/// </summary>
internal static class TileShape
{
    public static void Validate(int rows, int cols, int m, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ValidateOperands(m, k, n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, cols);
    }

    public static void ValidateOperands(int m, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
    }

    public static void ValidateBuffers(
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n)
    {
        if (activations.Length != (long)m * k)
            throw new ArgumentException($"activations hold {activations.Length} values, an {m}x{k} tile needs {(long)m * k}");
        if (weights.Length != (long)k * n)
            throw new ArgumentException($"weights hold {weights.Length} values, a {k}x{n} tile needs {(long)k * n}");
        if (accumulators.Length != (long)m * n)
            throw new ArgumentException($"accumulators hold {accumulators.Length} values, an {m}x{n} tile needs {(long)m * n}");
    }
}
