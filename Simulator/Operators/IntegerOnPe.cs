using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// The quantised convolutions and matrix products of imported graphs (QLinearConv, QLinearMatMul, ConvInteger,
/// MatMulInteger), one way for all four: on the PE array with integer operands. The input stage subtracts the
/// zero points as it loads (x - x_zero_point, w - w_zero_point): int8 operands when every difference fits,
/// else int16 (the datapath's 16 bits always hold them). int32 accumulators; the output stage adds the bias
/// and requantises per output channel (<see cref="ChannelRequantization"/>), or passes the int32 sums through
/// (the *Integer ops). Checked bit for bit against the golden operator on the node's own inputs.
/// </summary>
internal static class IntegerOnPe
{
    /// <summary>A convolution: one GEMM per group over the im2col rows of x less its zero point.</summary>
    public static NodeStep Conv(NodeContext ctx, Tensor<int> x, int xz, Tensor<int> w, int[] wz, ConvAttributes a,
        GraphElementType outType, ChannelRequantization? channels, int yz, Task<Tensor<int>> golden)
    {
        int perChannel = w.Length / w.Shape[0];
        var (xq, xFits) = Shift(x, _ => xz);
        var (wq, wFits) = Shift(w, i => wz[wz.Length == 1 ? 0 : i / perChannel]);
        var (layer, shape, operands) = DepthwisePacking.Lower(ctx.Hw, ConvOperator.Layer(ctx.Name, x.Shape, w.Shape, a), xq, wq);
        int pixels = layer.OutHeight * layer.OutWidth, groupChannels = layer.OutChannels / layer.Groups;
        var sink = outType == GraphElementType.Int32
            ? new Int32Output(operands.Output.Shape, (g, m, n) => (m / pixels * layer.OutChannels + g * groupChannels + n) * pixels + m % pixels)
            : null;
        return Run(ctx, shape, operands, xFits && wFits, outType, channels, yz, sink, operands.Output.Shape, golden, x.Length + w.Length);
    }

    /// <summary>A matrix product (<see cref="MatMulGeometry"/>) of a and b less their zero points, b's one or one per column.</summary>
    public static NodeStep MatMul(NodeContext ctx, GraphNode node, Tensor<int> a, int aZ, Tensor<int> b, int[] bZ,
        GraphElementType outType, ChannelRequantization? channels, int yz, Task<Tensor<int>> golden)
    {
        var g = MatMulGeometry.Of(node, a.Shape, b.Shape);
        var (aq, aFits) = Shift(a, _ => aZ);
        var (bq, bFits) = Shift(b, i => bZ[g.ColumnOfB(bZ.Length, i)]);
        var operands = new BatchedMatrixOperands(g.Groups, g.M, g.K, g.N, g.A(aq), g.B(bq));
        var sink = outType == GraphElementType.Int32 ? new Int32Output(g.OutputShape, (group, r, c) => (group * g.M + r) * g.N + c) : null;
        return Run(ctx, operands.Shape, operands, aFits && bFits, outType, channels, yz, sink, g.OutputShape, golden, a.Length + b.Length);
    }

    /// <summary>A per-channel input (scales, zero points): one value for all channels, or one per channel.</summary>
    public static T[] PerChannel<T>(GraphNode node, GraphValue v, int channels, string what, Func<GraphValue, T[]> data)
    {
        if (v.Length != 1 && v.Length != channels)
            throw new InputError($"node '{node.Describe}': {what} must hold 1 or {channels} values, has {v.Length}");
        return data(v);
    }

    private static NodeStep Run(NodeContext ctx, GemmShape shape, IGemmOperands operands, bool int8Operands,
        GraphElementType outType, ChannelRequantization? channels, int yz, Int32Output? sink, int[] outShape,
        Task<Tensor<int>> golden, long operandCount)
    {
        var operandFormat = int8Operands ? ElementFormat.Int8 : ElementFormat.Int16;
        var outputFormat = outType switch
        {
            GraphElementType.Int8 => ElementFormat.Int8,
            GraphElementType.UInt8 => ElementFormat.Uint8,
            _ => ElementFormat.Int32,
        };
        var f = new LayerFormat(operandFormat, ElementFormat.Int32, outputFormat);
        var numerics = new GemmNumerics(f, channels?.Multipliers[0] ?? 1f, yz) { PerChannel = channels, RawOutput = sink };
        Tensor<int>? y = null;
        var work = UnitWork.OnPeArray(ctx.Hw, shape, operands, numerics, operandCount,
            () => new LayerCheck(OutputCheck.Compare(ctx.Name, new Tensor<int>(outShape, golden.Result.Data), y!), 0, 0));
        y = new Tensor<int>(outShape, (sink?.Result ?? new Tensor<int>(outShape, Array.ConvertAll(operands.Output.Data, v => (int)v))).Data);
        return new NodeStep(GraphValue.Of(outType, y), work);
    }

    /// <summary>Operands less their zero points, as shorts; and whether every one fits int8.</summary>
    private static (Tensor<short> Values, bool FitsInt8) Shift(Tensor<int> t, Func<int, int> zeroPoint)
    {
        var data = new short[t.Length];
        bool fits = true;
        for (int i = 0; i < data.Length; i++)
        {
            int v = t.Data[i] - zeroPoint(i);
            fits &= v is >= sbyte.MinValue and <= sbyte.MaxValue;
            data[i] = checked((short)v);
        }
        return (new Tensor<short>(t.Shape, data), fits);
    }
}
