using Sim.Datasets;
using Sim.Golden;
using Sim.Training;

namespace Sim.Networks;

/// <summary>
/// One int8 layer of the quantised CNN, convolution-shaped (a fully-connected layer is a convolution whose
/// kernel covers its whole input): symmetric int8 weights OIHW with one scale per output channel, int32
/// biases in units of input scale x weight scale, and the input and output activation scales (symmetric
/// int8, zero point 0, as every activation of the model).
/// </summary>
internal sealed record QuantizedLayer(
    string Name, int OutChannels, int InChannels, int KernelH, int KernelW,
    sbyte[] Weights, float[] WeightScales, int[] Bias, float InputScale, float OutputScale)
{
    /// <summary>Reduction length: in channels x kernel height x kernel width.</summary>
    public int K => InChannels * KernelH * KernelW;

    /// <summary>Each channel's requantisation multiplier, x_scale x w_scale / y_scale in float32 as the golden model forms it.</summary>
    public float[] Multipliers() =>
        WeightScales.Select(s => Ops.RequantizeMultiplier(InputScale, s, OutputScale)).ToArray();
}

/// <summary>
/// The trained <see cref="SmallCnn"/> quantised to int8 after training:
/// <list type="bullet">
/// <item>weights: symmetric, per output channel, scale = max |w| / 127, round half to even;</item>
/// <item>biases: int32, round(b / (input scale x weight scale)), added before requantisation;</item>
/// <item>activations: symmetric int8 (zero point 0, so padding-free zero points never matter and ReLU is
///   max(q, 0)); scales from calibration: the largest value each ReLU's output takes (and the largest |logit|)
///   over the first <see cref="CalibrationImages"/> training images, divided by 127 ("max" calibration);</item>
/// <item>the input: pixel / 255 with scale 1/127, so q = round(127 pixel / 255).</item>
/// </list>
/// </summary>
internal sealed record QuantizedCnn(float InputScale, QuantizedLayer Conv1, QuantizedLayer Conv2, QuantizedLayer Fc1, QuantizedLayer Fc2)
{
    public const int DefaultCalibrationImages = 2000;
    public const float DefaultInputScale = 1f / 127;

    public int CalibrationImages { get; init; } = DefaultCalibrationImages;

    /// <summary>The logits' scale: real logit = scale x int8 logit.</summary>
    public float LogitScale => Fc2.OutputScale;

    public IReadOnlyList<QuantizedLayer> Layers => [Conv1, Conv2, Fc1, Fc2];

    /// <summary>Height and width of the input image.</summary>
    public const int ImageSize = SmallCnn.ImageHeight;

    public static QuantizedCnn FromFloat(SmallCnn net, LabelledImages calibration, int calibrationImages = DefaultCalibrationImages)
    {
        var data = calibration.Take(calibrationImages);
        float max1 = 0, max2 = 0, max3 = 0, maxLogit = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var logits = net.Forward(data.Image(i));
            max1 = Math.Max(max1, Max(net.Relu1.Output));
            max2 = Math.Max(max2, Max(net.Relu2.Output));
            max3 = Math.Max(max3, Max(net.Relu3.Output));
            foreach (float z in logits) maxLogit = Math.Max(maxLogit, Math.Abs(z));
        }
        float s0 = DefaultInputScale, s1 = Scale(max1), s2 = Scale(max2), s3 = Scale(max3), s4 = Scale(maxLogit);
        int pool2 = net.Pool2.OutHeight;
        return new QuantizedCnn(s0,
            Layer("conv1", net.Conv1.Weights.Value, net.Conv1.Bias.Value, net.Conv1.OutChannels, net.Conv1.InChannels, 3, s0, s1),
            Layer("conv2", net.Conv2.Weights.Value, net.Conv2.Bias.Value, net.Conv2.OutChannels, net.Conv2.InChannels, 3, s1, s2),
            Layer("fc1", net.Fc1.Weights.Value, net.Fc1.Bias.Value, net.Fc1.Outputs, net.Pool2.Channels, pool2, s2, s3),
            Layer("fc2", net.Fc2.Weights.Value, net.Fc2.Bias.Value, net.Fc2.Outputs, net.Fc2.Inputs, 1, s3, s4))
        {
            CalibrationImages = data.Count,
        };
    }

    private static float Max(float[] values)
    {
        float m = 0;
        foreach (float v in values) m = Math.Max(m, v);
        return m;
    }

    private static float Scale(float max) => max > 0 ? max / 127f : 1f;

    private static QuantizedLayer Layer(string name, float[] w, float[] b, int outChannels, int inChannels, int kernel,
        float inputScale, float outputScale)
    {
        int k = inChannels * kernel * kernel;
        var q = new sbyte[w.Length];
        var scales = new float[outChannels];
        var bias = new int[outChannels];
        for (int o = 0; o < outChannels; o++)
        {
            var row = w.AsSpan(o * k, k);
            float max = 0;
            foreach (float v in row) max = Math.Max(max, Math.Abs(v));
            float s = max > 0 ? max / 127f : 1f;
            scales[o] = s;
            for (int i = 0; i < k; i++)
                q[o * k + i] = (sbyte)Math.Clamp(MathF.Round(row[i] / s, MidpointRounding.ToEven), -127, 127);
            double biasQ = Math.Round(b[o] / ((double)inputScale * s), MidpointRounding.ToEven);
            bias[o] = (int)Math.Clamp(biasQ, int.MinValue, int.MaxValue);
        }
        return new QuantizedLayer(name, outChannels, inChannels, kernel, kernel, q, scales, bias, inputScale, outputScale);
    }

    /// <summary>An image's int8 input, as QuantizeLinear(pixel / 255, input scale, 0) gives it (golden model's rule).</summary>
    public int QuantizePixel(byte pixel) =>
        Ops.QuantizeValue(SmallCnn.Normalize(pixel), InputScale, 0, QuantizedType.Int8);
}
