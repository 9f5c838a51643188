using Sim.Tensors;

namespace Sim.Accelerator;

/// <summary>The bit-for-bit comparison of a layer's output with the golden model's.</summary>
internal static class OutputCheck
{
    /// <summary>Null when identical; otherwise a message naming the layer and the first differing element.</summary>
    public static string? Compare<T>(string layer, Tensor<T> expected, Tensor<T> actual) where T : unmanaged
    {
        if (!expected.Shape.AsSpan().SequenceEqual(actual.Shape))
            return $"layer '{layer}': output shape {actual.ShapeText} differs from the golden model's {expected.ShapeText}";
        int diff = expected.FirstDifference(actual);
        return diff < 0 ? null
            : $"layer '{layer}': output differs from the golden model first at {expected.IndexText(diff)}: " +
              $"expected {expected.Data[diff]}, got {actual.Data[diff]}";
    }
}
