namespace Sim.Config;

/// <summary>max(x, 0) of an int8 tensor (zero point 0).</summary>
internal sealed record ReluLayer(string Name, int[] Shape) : LayerSpec(Name)
{
    public override LayerSpec Batched(int batch) => this with { Shape = [Shape[0] * batch, .. Shape[1..]] };
    public override string TypeName => "relu";
    public override long InputElements => Elements(Shape);
    public override int[] OutputShape => Shape;
}
