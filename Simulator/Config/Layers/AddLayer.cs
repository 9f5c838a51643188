namespace Sim.Config;

/// <summary>
/// The element-wise sum of two int8 tensors of one shape (a residual connection), saturated to int8: both
/// operands share one scale and zero point 0, as a quantised network arranges for its skip connections.
/// </summary>
internal sealed record AddLayer(string Name, int[] Shape) : LayerSpec(Name)
{
    public override LayerSpec Batched(int batch) => this with { Shape = [Shape[0] * batch, .. Shape[1..]] };
    public override string TypeName => "add";
    public override long InputElements => Elements(Shape);
    public override int[] OutputShape => Shape;
}
