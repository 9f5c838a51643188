namespace Sim.Numerics;

/// <summary>
/// Every element format the simulator knows: operand formats and the two accumulator formats (int32, fp32).
/// Names as written in YAML are in <see cref="ElementFormats.Info"/>. The hardware's <c>number_format</c> and a
/// layer's <c>format</c> take the operand formats of the 16-bit PE datapath (<c>Sim.PeArray.PeDatapath.OperandFormats</c>).
/// </summary>
public enum ElementFormat
{
    /// <summary>Signed 4-bit integer, [-8, 7].</summary>
    Int4,
    /// <summary>Signed 8-bit integer, [-128, 127].</summary>
    Int8,
    /// <summary>Unsigned 8-bit integer, [0, 255].</summary>
    Uint8,
    /// <summary>Signed 16-bit integer, [-32768, 32767].</summary>
    Int16,
    /// <summary>Signed 32-bit integer: the accumulator of every integer format.</summary>
    Int32,
    /// <summary>OCP OFP8 E4M3: bias 7, no infinities, NaN only S.1111.111, max normal 448.</summary>
    Fp8E4M3,
    /// <summary>OCP OFP8 E5M2: bias 15, IEEE-style infinities and NaNs, max normal 57344.</summary>
    Fp8E5M2,
    /// <summary>IEEE 754 binary16.</summary>
    Fp16,
    /// <summary>bfloat16: the top 16 bits of an IEEE binary32.</summary>
    Bf16,
    /// <summary>IEEE 754 binary32: the accumulator of every float format.</summary>
    Fp32,
}
