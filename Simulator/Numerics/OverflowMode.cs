namespace Sim.Numerics;

/// <summary>
/// What a float encode does with a value too large for the target format after rounding (and with an
/// infinite input). NaN always encodes to NaN.
/// <para>
/// The two modes are those of the OCP 8-bit Floating Point Specification (OFP8), rev 1.0, 2023-12-01,
/// section on conversion from wider formats: saturating (SAT) and non-saturating. The same two behaviours
/// appear as ONNX Cast's <c>saturate</c> attribute and CUDA's <c>__NV_SATFINITE</c> / <c>__NV_NOSAT</c>.
/// </para>
/// <para>
/// The simulator's default is <see cref="Saturate"/> for every format (<see cref="ElementFormats.DefaultOverflow"/>):
/// ML accelerators clamp when they write a narrow result, E4M3 has no infinity to overflow to, and a
/// saturated value keeps a layer's output usable where an Inf or NaN would poison everything downstream.
/// </para>
/// </summary>
public enum OverflowMode
{
    /// <summary>
    /// Overflow and ±Inf become ± the largest finite value (E4M3 ±448, E5M2 ±57344, fp16 ±65504,
    /// bf16 and fp32 ±3.4028235e38).
    /// </summary>
    Saturate,

    /// <summary>
    /// IEEE behaviour: overflow and ±Inf become ±Inf where the format has infinities (E5M2, fp16, bf16, fp32);
    /// E4M3, which has none, gives NaN (S.1111.111).
    /// </summary>
    NonSaturating,
}
