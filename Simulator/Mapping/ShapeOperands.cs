using Sim.Config;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>A PE-array layer as a GEMM on zero operands: enough for the mapper, which prices shapes, not values.</summary>
internal static class ShapeOperands
{
    /// <summary>The layer's GEMM and zero operands, or null for a layer that is not on the PE array.</summary>
    public static (GemmShape Shape, IGemmOperands Operands)? Of(LayerSpec layer) => layer switch
    {
        Conv2DLayer c => (GemmShape.Of(c), new ConvOperands(c, new Tensor<short>(c.Batch, c.InChannels, c.InHeight, c.InWidth),
            new Tensor<short>(c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW))),
        GemmLayer g => (GemmShape.Of(g), new MatrixOperands(g, new Tensor<short>(g.M, g.K), new Tensor<short>(g.K, g.N))),
        _ => null,
    };
}
