using System.Numerics;
using Sim.Config;
using Sim.Mapping;
using Sim.Tensors;

namespace Sim.Accelerator;

/// <summary>
/// The vector unit beside the PE array: element-wise and pooling layers on int8 data. It handles
/// Lanes input elements per core cycle: a ReLU costs one pass over its input, a pool one pass over
/// every window element of every output (kh x kw reads an output).
/// </summary>
internal sealed class VectorUnit(VectorUnitConfig config, long inputScratchpadBytes)
{
    /// <summary>ReLU of symmetric int8 (zero point 0): max(x, 0), Lanes at a time.</summary>
    public static Tensor<sbyte> Relu(Tensor<sbyte> x)
    {
        var y = new Tensor<sbyte>(x.Shape);
        var src = x.Data.AsSpan();
        var dst = y.Data.AsSpan();
        int i = 0;
        for (; i <= src.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            Vector.Max(new Vector<sbyte>(src[i..]), Vector<sbyte>.Zero).CopyTo(dst[i..]);
        for (; i < src.Length; i++) dst[i] = Math.Max(src[i], (sbyte)0);
        return y;
    }

    /// <summary>The saturating int8 sum of two tensors of one shape (see <see cref="Int8Elementwise.AddSaturating"/>).</summary>
    public static Tensor<sbyte> Add(Tensor<sbyte> a, Tensor<sbyte> b)
    {
        var sum = Array.ConvertAll(a.Data, v => (short)v);
        Int8Elementwise.AddSaturating(sum, Array.ConvertAll(b.Data, v => (short)v));
        return new Tensor<sbyte>(a.Shape, Array.ConvertAll(sum, v => (sbyte)v));
    }

    /// <summary>
    /// Max or average pooling. Padding is never part of a window: a max ignores it and an average
    /// divides by the number of real elements (ONNX's count_include_pad = 0), rounding the quotient
    /// half to even.
    /// </summary>
    public static Tensor<sbyte> Pool(PoolLayer p, Tensor<sbyte> x)
    {
        int oh = p.OutHeight, ow = p.OutWidth;
        var y = new Tensor<sbyte>(p.Batch, p.Channels, oh, ow);
        var src = x.Data;
        int o = 0;
        for (int plane = 0; plane < p.Batch * p.Channels; plane++)
        {
            int baseIndex = plane * p.InHeight * p.InWidth;
            for (int r = 0; r < oh; r++)
                for (int c = 0; c < ow; c++, o++)
                {
                    int top = r * p.StrideH - p.Padding.Top, left = c * p.StrideW - p.Padding.Left;
                    int r0 = Math.Max(top, 0), r1 = Math.Min(top + p.KernelH, p.InHeight);
                    int c0 = Math.Max(left, 0), c1 = Math.Min(left + p.KernelW, p.InWidth);
                    int max = int.MinValue, sum = 0;
                    for (int i = r0; i < r1; i++)
                        for (int j = c0; j < c1; j++)
                        {
                            int v = src[baseIndex + i * p.InWidth + j];
                            sum += v;
                            if (v > max) max = v;
                        }
                    y.Data[o] = (sbyte)(p.Kind == PoolKind.Max ? max : DivideRoundHalfEven(sum, (r1 - r0) * (c1 - c0)));
                }
        }
        return y;
    }

    private static int DivideRoundHalfEven(int sum, int count)
    {
        int q = Math.DivRem(sum, count, out int r);     // truncates toward zero
        if (r < 0) { q--; r += count; }                  // now floor: sum = q x count + r, 0 <= r < count
        int twice = 2 * r;
        return twice > count || (twice == count && (q & 1) != 0) ? q + 1 : q;
    }

    /// <summary>A ReLU as a command stream: chunks of half the input scratchpad, in, through, out.</summary>
    public List<TileStep> ReluSteps(long elements) => Chunked(elements, 1, 1, 1);

    /// <summary>
    /// An add as a command stream: each step loads a chunk of both operands (together half the input
    /// scratchpad), adds them a lane at a time, and stores the sums.
    /// </summary>
    public List<TileStep> AddSteps(long elements) =>
        Chunked(elements, 2, 1, 1).ConvertAll(s => s with
        {
            Activations = new MemoryRange(TileLayout.ActivationBase + s.Activations.Address / 2, s.Activations.Bytes / 2),
            Residual = new MemoryRange(TileLayout.ResidualBase + s.Activations.Address / 2, s.Activations.Bytes / 2),
        });

    /// <summary>
    /// A pool as a command stream, a slice of channel planes at a time: each step loads whole input
    /// planes, reads kh x kw elements for each of their outputs, and stores the output planes.
    /// </summary>
    public List<TileStep> PoolSteps(PoolLayer p)
    {
        long planes = (long)p.Batch * p.Channels;
        long inPlane = (long)p.InHeight * p.InWidth, outPlane = (long)p.OutHeight * p.OutWidth;
        return Chunked(planes, inPlane, outPlane * p.KernelH * p.KernelW, outPlane);
    }

    /// <summary>
    /// An element-wise or data-movement pass of a graph node as a command stream: <paramref name="elements"/>
    /// input elements of <paramref name="inBytes"/> bytes each, <paramref name="readsPerElement"/> lane reads
    /// per input element (a Softmax reads its input three times: max, exponentials and sum, divide), and the
    /// node's outputs stored in proportion, <paramref name="outBytesTotal"/> bytes in all.
    /// </summary>
    public List<TileStep> ElementwiseSteps(long elements, int inBytes, double readsPerElement, long outBytesTotal)
    {
        if (elements == 0) return [];
        var steps = Chunked(elements, inBytes, 1, 0);
        long done = 0, stored = 0;
        for (int i = 0; i < steps.Count; i++)
        {
            long n = steps[i].Activations.Bytes / inBytes;
            done += n;
            long storedNow = outBytesTotal * done / elements;
            long cycles = (long)Math.Ceiling(n * readsPerElement / config.Lanes);
            steps[i] = steps[i] with
            {
                ComputeCycles = Math.Max(1, cycles),
                Store = new MemoryRange(TileLayout.OutputBase + stored, storedNow - stored),
            };
            stored = storedNow;
        }
        return steps;
    }

    /// <summary>
    /// A window reduction of a graph node (pools: <paramref name="planes"/> channel planes, each loading
    /// <paramref name="inPlaneBytes"/>, reading <paramref name="readsPerPlane"/> elements and storing
    /// <paramref name="outPlaneBytes"/>); a float GEMM on the vector unit passes its MACs as reads.
    /// </summary>
    public List<TileStep> PlaneSteps(long planes, long inPlaneBytes, long readsPerPlane, long outPlaneBytes) =>
        Chunked(planes, Math.Max(1, inPlaneBytes), readsPerPlane, outPlaneBytes);

    /// <summary>
    /// Cuts <paramref name="units"/> units (elements or planes) into steps that fit half the input
    /// scratchpad: each unit loads inBytes, makes readsPerUnit lane reads and stores outBytes.
    /// </summary>
    private List<TileStep> Chunked(long units, long inBytes, long readsPerUnit, long outBytes)
    {
        long perStep = Math.Max(1, inputScratchpadBytes / 2 / inBytes);
        var steps = new List<TileStep>((int)((units + perStep - 1) / perStep));
        for (long done = 0; done < units; done += perStep)
        {
            long n = Math.Min(perStep, units - done);
            long cycles = (n * readsPerUnit + config.Lanes - 1) / config.Lanes;
            steps.Add(new TileStep(
                new MemoryRange(TileLayout.ActivationBase + done * inBytes, n * inBytes), MemoryRange.None, cycles,
                new MemoryRange(TileLayout.OutputBase + done * outBytes, n * outBytes)));
        }
        return steps;
    }
}
