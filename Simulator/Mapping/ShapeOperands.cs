using Sim.Config;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>A PE-array layer as a GEMM on zero operands: enough for the mapper, which prices shapes, not values.</summary>
internal static class ShapeOperands
{
    /// <summary>The layer's GEMM on <paramref name="hw"/> and zero operands, or null for a layer that is not on the PE array.</summary>
    public static (GemmShape Shape, IGemmOperands Operands)? Of(HardwareConfig hw, LayerSpec layer) => layer switch
    {
        Conv2DLayer c when DepthwisePacking.Lower(hw, c, new Tensor<short>(c.Batch, c.InChannels, c.InHeight, c.InWidth),
                new Tensor<short>(c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW)) is var (_, shape, operands) =>
            (shape, operands),
        GemmLayer g => (GemmShape.Of(g), new MatrixOperands(g, new Tensor<short>(g.M, g.K), new Tensor<short>(g.K, g.N))),
        _ => null,
    };
}
