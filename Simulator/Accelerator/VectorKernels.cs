using Sim.Golden;
using Sim.Tensors;

namespace Sim.Accelerator;

/// <summary>
/// What the vector unit computes for the element-wise, data-movement and reduction nodes of an
/// imported graph, written as the unit streams them (strides and running sums, fp32 arithmetic),
/// apart from the golden model's plain loops that check them. Float arithmetic is IEEE fp32: sums in
/// input order, Softmax with fp32 exponentials, an average as an fp32 sum divided by the count.
/// </summary>
internal static partial class VectorKernels
{
    public static Tensor<float> Relu(Tensor<float> x) => Map(x, v => v > 0f ? v : 0f);

    public static Tensor<int> Relu(Tensor<int> x) => new(x.Shape, Array.ConvertAll(x.Data, v => v > 0 ? v : 0));

    public static Tensor<float> Clip(Tensor<float> x, float lo, float hi) => Map(x, v => float.IsNaN(v) ? v : MathF.Min(MathF.Max(v, lo), hi));

    /// <summary>HardSigmoid: a multiply and an add, each rounded to fp32, then a clamp to [0, 1] (NaN passes).</summary>
    public static Tensor<float> HardSigmoid(Tensor<float> x, float alpha, float beta) => Map(x, v => Math.Clamp(alpha * v + beta, 0f, 1f));

    /// <summary>HardSwish: x times HardSigmoid(x) at alpha = 1/6 (in fp32), beta = 1/2: one more multiply.</summary>
    public static Tensor<float> HardSwish(Tensor<float> x) => Map(x, v => v * Math.Clamp(1f / 6 * v + 0.5f, 0f, 1f));

    /// <summary>
    /// Sqrt, correctly rounded as IEEE 754 requires. A real vector unit finds it by a digit-recurrence or Newton
    /// iteration that takes several cycles; pipelined across the lanes it still retires one root a lane a cycle,
    /// which is what the unit is charged (one lane operation per element).
    /// </summary>
    public static Tensor<float> Sqrt(Tensor<float> x) => Map(x, MathF.Sqrt);

    /// <summary>
    /// x to the integer power n as the lanes raise it: a running product multiplied by x once per further factor,
    /// |n| - 1 fp32 multiplies, then for n &lt; 0 one fp32 reciprocal division; x^0 is 1.
    /// </summary>
    public static Tensor<float> Pow(Tensor<float> x, int n) => Map(x, v =>
    {
        float running = n == 0 ? 1f : v;
        for (int factors = 1; factors < Math.Abs(n); factors++) running *= v;
        return n < 0 ? 1f / running : running;
    });

    /// <summary>
    /// ReduceMean as the unit streams it: one read per input element in input order, each added to its output's
    /// running fp32 sum (which starts at -0, the identity of addition), then one fp32 division by the count per
    /// output. <paramref name="reduced"/> marks the reduced axes; the output keeps them as 1.
    /// </summary>
    public static Tensor<float> ReduceMean(Tensor<float> x, bool[] reduced)
    {
        int rank = x.Rank;
        var outShape = new int[rank];
        var outStrides = new int[rank];
        int count = 1;
        for (int d = rank - 1, s = 1; d >= 0; d--)
        {
            outShape[d] = reduced[d] ? 1 : x.Shape[d];
            outStrides[d] = reduced[d] ? 0 : s;
            s *= outShape[d];
            if (reduced[d]) count *= x.Shape[d];
        }
        var sums = new float[Tensor<float>.ElementCount(outShape)];
        Array.Fill(sums, -0f);
        var counter = new int[rank];
        int o = 0;
        foreach (float v in x.Data)
        {
            sums[o] += v;
            for (int d = rank - 1; d >= 0; d--)
            {
                o += outStrides[d];
                if (++counter[d] < x.Shape[d]) break;
                o -= outStrides[d] * x.Shape[d];
                counter[d] = 0;
            }
        }
        for (int i = 0; i < sums.Length; i++) sums[i] /= count;
        return new Tensor<float>(outShape, sums);
    }

    public static Tensor<int> Clip(Tensor<int> x, int lo, int hi) => new(x.Shape, Array.ConvertAll(x.Data, v => Math.Clamp(v, lo, Math.Max(lo, hi))));

    /// <summary>Max or average pooling of NCHW data (float), windows as <see cref="PoolAttributes"/> describes.</summary>
    public static Tensor<float> Pool(Tensor<float> x, PoolAttributes a, bool max)
    {
        var (n, c, h, w, oh, ow) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], a.OutputHeight(x.Shape[2]), a.OutputWidth(x.Shape[3]));
        var y = new Tensor<float>(n, c, oh, ow);
        int o = 0;
        for (int plane = 0; plane < n * c; plane++)
            for (int r = 0; r < oh; r++)
                for (int col = 0; col < ow; col++, o++)
                {
                    float best = float.NegativeInfinity, sum = 0;
                    int count = 0, padded = 0;
                    for (int i = 0; i < a.KernelH; i++)
                        for (int j = 0; j < a.KernelW; j++)
                        {
                            int yy = r * a.StrideH - a.PadTop + i * a.DilationH, xx = col * a.StrideW - a.PadLeft + j * a.DilationW;
                            if (yy >= h + a.PadBottom || xx >= w + a.PadRight) continue; // past the padded edge (ceil mode)
                            if (yy < 0 || yy >= h || xx < 0 || xx >= w) { padded++; continue; }
                            float v = x.Data[(plane * h + yy) * w + xx];
                            if (v > best || float.IsNaN(v)) best = v;
                            sum += v;
                            count++;
                        }
                    y.Data[o] = max ? best : sum / (a.CountIncludePad ? count + padded : count);
                }
        return y;
    }

    /// <summary>Max pooling of int8/uint8 values held as ints.</summary>
    public static Tensor<int> MaxPool(Tensor<int> x, PoolAttributes a)
    {
        var f = Pool(new Tensor<float>(x.Shape, Array.ConvertAll(x.Data, v => (float)v)), a, max: true);
        return new Tensor<int>(f.Shape, Array.ConvertAll(f.Data, v => (int)v));
    }

    public static Tensor<float> GlobalAveragePool(Tensor<float> x)
    {
        int planes = x.Shape[0] * x.Shape[1], size = x.Shape[2] * x.Shape[3];
        var y = new Tensor<float>(x.Shape[0], x.Shape[1], 1, 1);
        for (int p = 0; p < planes; p++)
        {
            float sum = 0;
            for (int i = 0; i < size; i++) sum += x.Data[p * size + i];
            y.Data[p] = sum / size;
        }
        return y;
    }

    /// <summary>Concatenation as block copies: for each outer index, each input's contiguous slab in turn.</summary>
    public static Tensor<T> Concat<T>(IReadOnlyList<Tensor<T>> inputs, int axis) where T : unmanaged
    {
        var shape = (int[])inputs[0].Shape.Clone();
        shape[axis] = inputs.Sum(t => t.Shape[axis]);
        var y = new Tensor<T>(shape);
        int outer = shape[..axis].Aggregate(1, (p, d) => p * d);
        int o = 0;
        for (int i = 0; i < outer; i++)
            foreach (var t in inputs)
            {
                int slab = t.Length / outer;
                t.Data.AsSpan(i * slab, slab).CopyTo(y.Data.AsSpan(o, slab));
                o += slab;
            }
        return y;
    }

    /// <summary>A transpose as a strided gather: each output element reads the input at its permuted strides.</summary>
    public static Tensor<T> Transpose<T>(Tensor<T> x, int[] perm) where T : unmanaged
    {
        int rank = x.Rank;
        var inStrides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; s *= x.Shape[d], d--) inStrides[d] = s;
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        var strides = perm.Select(p => inStrides[p]).ToArray();
        var y = new Tensor<T>(shape);
        var counter = new int[rank];
        int source = 0;
        for (int o = 0; o < y.Length; o++)
        {
            y.Data[o] = x.Data[source];
            for (int d = rank - 1; d >= 0; d--)
            {
                source += strides[d];
                if (++counter[d] < shape[d]) break;
                source -= strides[d] * shape[d];
                counter[d] = 0;
            }
        }
        return y;
    }

    /// <summary>Softmax along <paramref name="axis"/> in fp32: a max pass, an exponential and sum pass, a divide pass.</summary>
    public static Tensor<float> Softmax(Tensor<float> x, int axis)
    {
        int n = x.Shape[axis], inner = x.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d), outer = x.Length / Math.Max(1, n * inner);
        var y = new float[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int b = o * n * inner + i;
                float max = float.NegativeInfinity, sum = 0;
                for (int k = 0; k < n; k++) max = MathF.Max(max, x.Data[b + k * inner]);
                for (int k = 0; k < n; k++) sum += y[b + k * inner] = MathF.Exp(x.Data[b + k * inner] - max);
                for (int k = 0; k < n; k++) y[b + k * inner] /= sum;
            }
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>QuantizeLinear: saturate(round_half_even(x / scale[c]) + zero point[c]), the division in fp32.</summary>
    public static Tensor<int> Quantize(Tensor<float> x, float[] scale, int[] zeroPoint, int axis, int min, int max)
    {
        int inner = x.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d), channels = scale.Length;
        var y = new int[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int c = channels == 1 ? 0 : i / inner % channels;
            float q = MathF.Round(x.Data[i] / scale[c], MidpointRounding.ToEven);
            y[i] = float.IsNaN(q) ? 0 : (int)Math.Clamp((double)q + zeroPoint[c], min, max);
        }
        return new Tensor<int>(x.Shape, y);
    }

    /// <summary>DequantizeLinear: (x - zero point[c]) x scale[c] in fp32.</summary>
    public static Tensor<float> Dequantize(Tensor<int> x, float[] scale, int[] zeroPoint, int axis)
    {
        int inner = x.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d), channels = scale.Length;
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int c = channels == 1 ? 0 : i / inner % channels;
            y[i] = (float)(x.Data[i] - zeroPoint[c]) * scale[c];
        }
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>Inference BatchNormalization as one fp32 multiply-add per element: y = x a[c] + b[c], a and b precomputed in fp32.</summary>
    public static Tensor<float> BatchNormalization(Tensor<float> x, float[] scale, float[] bias, float[] mean, float[] variance, float epsilon)
    {
        int c = x.Shape[1], inner = x.Length / (x.Shape[0] * c);
        var a = new float[c];
        var b = new float[c];
        for (int i = 0; i < c; i++)
        {
            a[i] = scale[i] / MathF.Sqrt(variance[i] + epsilon);
            b[i] = bias[i] - mean[i] * a[i];
        }
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int ch = i / inner % c;
            y[i] = x.Data[i] * a[ch] + b[ch];
        }
        return new Tensor<float>(x.Shape, y);
    }

    private static Tensor<float> Map(Tensor<float> x, Func<float, float> f) => new(x.Shape, Array.ConvertAll(x.Data, v => f(v)));
}
