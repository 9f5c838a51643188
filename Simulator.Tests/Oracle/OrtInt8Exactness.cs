using System.Runtime.Intrinsics.X86;

namespace Sim.Tests.Oracle;

/// <summary>
/// Whether ONNX Runtime's uint8 x int8 GEMM is exact on this processor. With AVX2 but neither AVX-VNNI nor
/// AVX512-VNNI, MLAS multiplies uint8 by int8 with vpmaddubsw, which saturates the int16 sum of each pair
/// of products (ORT PR #12088; <see cref="PairSaturatingModel"/>); with VNNI it accumulates in int32,
/// and ARM and the other signedness pairs have exact kernels. Graph optimizations are off in the oracle
/// sessions, so the "session.x64quantprecision" rewrite never runs.
/// </summary>
internal static class OrtInt8Exactness
{
    public static bool UInt8TimesInt8IsExact { get; } = !SaturatingKernel();

    /// <summary>
    /// Ignores the rest of the calling test (counted as skipped) when ORT runs its operator on MLAS's uint8 x
    /// int8 GEMM and that saturates here; <see cref="OrtSaturationTests"/> checks ORT against the model instead.
    /// </summary>
    public static void IgnoreOrtIfSaturating(bool onMlasU8S8Gemm)
    {
        if (onMlasU8S8Gemm && !UInt8TimesInt8IsExact)
            Assert.Ignore("ORT comparison skipped: without VNNI, ORT's uint8 x int8 GEMM saturates pairs of products to int16 (vpmaddubsw)");
    }

    // The CPUID bits MLAS's platform.cpp picks its kernel by, not .NET's IsSupported, which runtime settings can turn off.
    private static bool SaturatingKernel()
    {
        if (!X86Base.IsSupported) return false;
        var (_, ebx, ecx, _) = X86Base.CpuId(7, 0);
        bool avx2 = (ebx & 1 << 5) != 0, avx512Vnni = (ecx & 1 << 11) != 0;
        bool avxVnni = (X86Base.CpuId(7, 1).Eax & 1 << 4) != 0;
        return avx2 && !avx512Vnni && !avxVnni;
    }
}
