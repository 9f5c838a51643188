namespace Sim.Training;

/// <summary>A trainable float32 tensor (flat): its values, the gradient summed over the current batch, and Adam's moments.</summary>
internal sealed class Parameter(string name, int length)
{
    public string Name { get; } = name;
    public float[] Value { get; } = new float[length];
    public float[] Gradient { get; } = new float[length];
    internal float[] FirstMoment { get; } = new float[length];
    internal float[] SecondMoment { get; } = new float[length];

    /// <summary>Fills the values uniformly in [-limit, limit] from the generator (He-uniform for a ReLU layer: limit = sqrt(6 / fan in)).</summary>
    public void InitUniform(Random random, double limit)
    {
        for (int i = 0; i < Value.Length; i++) Value[i] = (float)((random.NextDouble() * 2 - 1) * limit);
    }
}
