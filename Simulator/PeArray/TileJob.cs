namespace Sim.PeArray;

/// <summary>One tile of a run: its operand blocks (row-major M x K_t, K_t x N_t) and the accumulators it adds into.</summary>
internal sealed record TileJob(short[] Activations, short[] Weights, int[] Accumulators, int M, int K, int N);
