using Sim.Datasets;
using Sim.Golden;
using Sim.Tensors;
using Sim.Training;

namespace Sim.Networks;

/// <summary>
/// The int8 CNN on the golden model: every layer one <see cref="Ops"/> operator in plain loops, exactly the
/// graph <see cref="CnnOnnxModel"/> writes: QuantizeLinear, then per block QLinearConv -> Relu -> MaxPool,
/// then fc1 and fc2 as QLinearConv over the whole 5 x 5 map and 1 x 1, giving int8 logits.
/// </summary>
internal static class GoldenCnn
{
    public static readonly PoolAttributes Pool2x2 = new(2, 2, 2, 2, 0, 0, 0, 0);

    /// <summary>Int8 logits [images, 10] of images start..start+count-1, computed in chunks of <paramref name="chunk"/> images.</summary>
    public static int[] Logits(QuantizedCnn q, LabelledImages images, int start = 0, int? count = null, int chunk = 1000)
    {
        int n = count ?? images.Count - start;
        var logits = new int[n * SmallCnn.Classes];
        for (int done = 0; done < n; done += chunk)
        {
            int b = Math.Min(chunk, n - done);
            var y = Forward(q, Input(images, start + done, b));
            y.Data.CopyTo(logits, done * SmallCnn.Classes);
        }
        return logits;
    }

    /// <summary>The float images [count, 1, 28, 28], pixel / 255, as the ONNX model takes them.</summary>
    public static Tensor<float> Input(LabelledImages images, int start, int count)
    {
        var x = new Tensor<float>(count, 1, images.Height, images.Width);
        var pixels = images.Pixels.AsSpan(start * images.ImageSize, count * images.ImageSize);
        for (int i = 0; i < pixels.Length; i++) x.Data[i] = SmallCnn.Normalize(pixels[i]);
        return x;
    }

    /// <summary>The whole graph on a batch of float images; returns the int8 logits [batch, 10, 1, 1].</summary>
    public static Tensor<int> Forward(QuantizedCnn q, Tensor<float> images)
    {
        var x = Ops.QuantizeLinear(images, q.InputScale, 0, QuantizedType.Int8);
        x = Ops.MaxPool(Ops.Relu(Conv(q.Conv1, x), 0), Pool2x2);
        x = Ops.MaxPool(Ops.Relu(Conv(q.Conv2, x), 0), Pool2x2);
        x = Ops.Relu(Conv(q.Fc1, x), 0);
        return Conv(q.Fc2, x);
    }

    private static Tensor<int> Conv(QuantizedLayer l, Tensor<int> x) => Ops.QLinearConv(
        x, l.InputScale, 0,
        new Tensor<int>([l.OutChannels, l.InChannels, l.KernelH, l.KernelW], l.Weights.Select(v => (int)v).ToArray()),
        l.WeightScales, new int[l.OutChannels],
        l.OutputScale, 0, new Tensor<int>([l.OutChannels], l.Bias), ConvAttributes.Default, QuantizedType.Int8);

    /// <summary>The predicted class of each image: the first largest of its ten logits.</summary>
    public static int[] Predictions(ReadOnlySpan<int> logits)
    {
        int n = logits.Length / SmallCnn.Classes;
        var p = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = logits.Slice(i * SmallCnn.Classes, SmallCnn.Classes);
            int best = 0;
            for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            p[i] = best;
        }
        return p;
    }
}
