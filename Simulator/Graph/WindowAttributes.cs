using Sim.Config;
using Sim.Golden;
using Sim.Onnx;

namespace Sim.Graph;

/// <summary>
/// The window attributes of Conv-like and pooling nodes (kernel_shape, strides, pads, dilations,
/// auto_pad, group, ceil_mode, count_include_pad) resolved against the input's shape, 2-D only.
/// </summary>
internal static class WindowAttributes
{
    public static ConvAttributes Conv(GraphNode node, int[] x, int[] w)
    {
        if (x.Length != 4 || w.Length != 4)
            throw new InputError($"node '{node.Describe}': only 2-D convolutions (4-D input and weights) are supported, got input [{string.Join(",", x)}] and weights [{string.Join(",", w)}]");
        var p = node.Proto;
        int group = (int)NodeAttributes.GetInt(p, "group", 1);
        if (group < 1 || x[1] % group != 0 || w[0] % group != 0 || x[1] / group != w[1])
            throw new InputError($"node '{node.Describe}': input channels {x[1]}, weights [{string.Join(",", w)}] and group {group} do not agree");
        var kernel = NodeAttributes.GetInts(p, "kernel_shape") ?? [w[2], w[3]];
        if (kernel.Length != 2 || kernel[0] != w[2] || kernel[1] != w[3])
            throw new InputError($"node '{node.Describe}': kernel_shape [{string.Join(",", kernel)}] differs from the weights' [{w[2]},{w[3]}]");
        var (stride, dilation, pads) = Common(node, x, kernel);
        return new ConvAttributes(stride[0], stride[1], pads[0], pads[1], pads[2], pads[3], dilation[0], dilation[1], group);
    }

    public static PoolAttributes Pool(GraphNode node, int[] x)
    {
        if (x.Length != 4)
            throw new InputError($"node '{node.Describe}': only 2-D pools (4-D NCHW input) are supported, got [{string.Join(",", x)}]");
        var p = node.Proto;
        var kernel = NodeAttributes.GetInts(p, "kernel_shape")
            ?? throw new InputError($"node '{node.Describe}': attribute kernel_shape is required");
        if (kernel.Length != 2)
            throw new InputError($"node '{node.Describe}': kernel_shape must have 2 values, has {kernel.Length}");
        var (stride, dilation, pads) = Common(node, x, kernel);
        // ONNX Runtime refuses it too: a pad as large as the window gives outputs that see only padding.
        if (pads[0] >= kernel[0] || pads[2] >= kernel[0] || pads[1] >= kernel[1] || pads[3] >= kernel[1])
            throw new InputError($"node '{node.Describe}': pads [{string.Join(",", pads)}] must each be smaller than the kernel " +
                                 $"({kernel[0]}x{kernel[1]}): a window over padding alone has no input");
        bool ceil = NodeAttributes.GetInt(p, "ceil_mode", 0) != 0;
        bool includePad = NodeAttributes.GetInt(p, "count_include_pad", 0) != 0;
        if (NodeAttributes.GetInt(p, "storage_order", 0) != 0)
            throw new InputError($"node '{node.Describe}': storage_order 1 is not supported");
        return new PoolAttributes(kernel[0], kernel[1], stride[0], stride[1], pads[0], pads[1], pads[2], pads[3],
            dilation[0], dilation[1], ceil, includePad);
    }

    private static (int[] Stride, int[] Dilation, int[] Pads) Common(GraphNode node, int[] x, int[] kernel)
    {
        var p = node.Proto;
        var stride = NodeAttributes.GetInts(p, "strides") ?? [1, 1];
        var dilation = NodeAttributes.GetInts(p, "dilations") ?? [1, 1];
        var pads = NodeAttributes.GetInts(p, "pads") ?? [0, 0, 0, 0];
        if (stride.Length != 2 || dilation.Length != 2 || pads.Length != 4 || stride.Any(s => s < 1) || dilation.Any(d => d < 1) || pads.Any(v => v < 0) || kernel.Any(k => k < 1))
            throw new InputError($"node '{node.Describe}': strides, dilations (2 positive values) or pads (4 non-negative values) are invalid");
        AutoPad mode;
        try { mode = Padding.ParseAutoPad(NodeAttributes.GetString(p, "auto_pad", "NOTSET")); }
        catch (ArgumentException e) { throw new InputError($"node '{node.Describe}': {e.Message}"); }
        var (t, b) = Padding.Resolve(mode, x[2], kernel[0], stride[0], dilation[0], (pads[0], pads[2]));
        var (l, r) = Padding.Resolve(mode, x[3], kernel[1], stride[1], dilation[1], (pads[1], pads[3]));
        int extentH = (kernel[0] - 1) * dilation[0] + 1, extentW = (kernel[1] - 1) * dilation[1] + 1;
        if (x[2] + t + b < extentH || x[3] + l + r < extentW)
            throw new InputError($"node '{node.Describe}': the window ({extentH}x{extentW}) is larger than the padded input ({x[2] + t + b}x{x[3] + l + r})");
        return (stride, dilation, [t, l, b, r]);
    }
}
