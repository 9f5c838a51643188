namespace Sim.Config;

/// <summary>Y[M,N] = A[M,K] x B[K,N]: fully-connected layers and matrix products.</summary>
internal sealed record GemmLayer(string Name, int M, int K, int N) : LayerSpec(Name)
{
    public override LayerSpec Batched(int batch) => this with { M = M * batch };
    public override string TypeName => "gemm";
    public override long InputElements => (long)M * K;
    public override int[] OutputShape => [M, N];
    public override bool OnPeArray => true;
}
