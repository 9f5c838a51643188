using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// The integer multiply-accumulate of a PE: int4/int8/uint8/int16 operands, int32 accumulator that wraps
/// (two's complement, as a 32-bit adder does) rather than saturating. Every product of two operands of these
/// formats fits in int32 (the largest, -32768 * -32768 = 2^30).
/// </summary>
internal static class IntMac
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Multiply(int a, int b) => unchecked(a * b);

    /// <summary>acc + a * b, wrapping modulo 2^32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Mac(int acc, int a, int b) => unchecked(acc + a * b);

    /// <summary>acc + x, wrapping modulo 2^32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Accumulate(int acc, int x) => unchecked(acc + x);
}
