namespace Sim.Golden;

/// <summary>ONNX <c>auto_pad</c> modes.</summary>
internal enum AutoPad
{
    /// <summary>Use the explicit pads.</summary>
    NotSet,
    /// <summary>Output size ceil(in / stride); odd padding goes at the end.</summary>
    SameUpper,
    /// <summary>Output size ceil(in / stride); odd padding goes at the beginning.</summary>
    SameLower,
    /// <summary>No padding.</summary>
    Valid,
}

/// <summary>Output-size and padding arithmetic shared by convolution and pooling.</summary>
internal static class Padding
{
    /// <summary>Parses an ONNX auto_pad string ("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID").</summary>
    public static AutoPad ParseAutoPad(string s) => s switch
    {
        "" or "NOTSET" => AutoPad.NotSet,
        "SAME_UPPER" => AutoPad.SameUpper,
        "SAME_LOWER" => AutoPad.SameLower,
        "VALID" => AutoPad.Valid,
        _ => throw new ArgumentException($"unknown auto_pad '{s}'"),
    };

    /// <summary>
    /// The (begin, end) pads that <paramref name="mode"/> gives along one axis of size <paramref name="input"/>,
    /// or <paramref name="explicitPads"/> for <see cref="AutoPad.NotSet"/>.
    /// </summary>
    public static (int Begin, int End) Resolve(AutoPad mode, int input, int kernel, int stride, int dilation, (int Begin, int End) explicitPads)
    {
        switch (mode)
        {
            case AutoPad.NotSet: return explicitPads;
            case AutoPad.Valid: return (0, 0);
            default:
                int output = (input + stride - 1) / stride;
                int extent = (kernel - 1) * dilation + 1;
                int total = Math.Max(0, (output - 1) * stride + extent - input);
                int small = total / 2, large = total - small;
                return mode == AutoPad.SameUpper ? (small, large) : (large, small);
        }
    }

    /// <summary>
    /// Number of output positions along one axis: floor (or ceil, with <paramref name="ceilMode"/>) of
    /// (input + pads - dilated kernel) / stride, plus one. In ceil mode a last window that would start
    /// beyond the input and its begin padding is dropped.
    /// </summary>
    public static int OutputSize(int input, int kernel, int stride, int padBegin, int padEnd, int dilation, bool ceilMode)
    {
        int extent = (kernel - 1) * dilation + 1;
        int span = input + padBegin + padEnd - extent;
        if (span < 0) throw new ArgumentException($"kernel extent {extent} is larger than the padded input {input + padBegin + padEnd}");
        int output = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + padBegin) output--;
        return output;
    }
}
