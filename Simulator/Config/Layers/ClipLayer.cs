namespace Sim.Config;

/// <summary>min(max(x, Min), Max) of an int8 tensor (ReLU6 and its kin, in the int8 domain); Min &lt;= Max.</summary>
internal sealed record ClipLayer(string Name, int[] Shape, int Min, int Max) : LayerSpec(Name)
{
    public override LayerSpec Batched(int batch) => this with { Shape = [Shape[0] * batch, .. Shape[1..]] };
    public override string TypeName => "clip";
    public override long InputElements => Elements(Shape);
    public override int[] OutputShape => Shape;
}
