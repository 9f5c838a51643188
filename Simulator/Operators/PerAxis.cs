using Sim.Config;
using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>
/// QuantizeLinear's and DequantizeLinear's per-axis form: one scale (and zero point) per slice along the
/// <c>axis</c> attribute, or one for the whole tensor; and the check every quantisation scale passes.
/// </summary>
internal static class PerAxis
{
    /// <summary>The axis <paramref name="scaleCount"/> scales run along (0 for a single scale), which must have that many slices.</summary>
    public static int Axis(GraphNode node, GraphValue x, int scaleCount)
    {
        if (scaleCount == 1) return 0;
        int axis = NodeShapes.Axis(node, NodeAttributes.GetInt(node.Proto, "axis", 1), x.Shape.Length, required: false);
        if (x.Shape[axis] != scaleCount)
            throw new InputError($"node '{node.Describe}': {scaleCount} scales for dimension {axis} of size {x.Shape[axis]}");
        return axis;
    }

    /// <summary>
    /// Quantisation scales as given, each of which must be positive and finite: ONNX divides by them, and a zero,
    /// negative, infinite or NaN scale gives no meaningful quantised value.
    /// </summary>
    public static float[] Scales(GraphNode node, string what, float[] scales)
    {
        foreach (float s in scales)
            if (!(s > 0) || float.IsInfinity(s))
                throw new InputError($"node '{node.Describe}': {what} must be positive and finite, got {s.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return scales;
    }

    public static float Scale(GraphNode node, string what, float scale) => Scales(node, what, [scale])[0];

    /// <summary>One zero point per scale: a single one repeated.</summary>
    public static int[] ZeroPoints(int[] zeroPoints, int count) =>
        zeroPoints.Length == count ? zeroPoints : Enumerable.Repeat(zeroPoints[0], count).ToArray();
}
