namespace Sim.Training;

/// <summary>A fully-connected layer y = W x + b, W [outputs, inputs] row-major.</summary>
internal sealed class DenseLayer
{
    public int Inputs { get; }
    public int Outputs { get; }
    public Parameter Weights { get; }
    public Parameter Bias { get; }
    public float[] Output { get; }
    public float[] InputGradient { get; }
    private float[] _input = [];

    public DenseLayer(string name, int inputs, int outputs)
    {
        (Inputs, Outputs) = (inputs, outputs);
        Weights = new Parameter(name + ".weight", inputs * outputs);
        Bias = new Parameter(name + ".bias", outputs);
        Output = new float[outputs];
        InputGradient = new float[inputs];
    }

    /// <summary>Keeps a reference to <paramref name="x"/> (a previous layer's output buffer) for the backward pass.</summary>
    public void Forward(float[] x)
    {
        _input = x;
        for (int o = 0; o < Outputs; o++)
            Output[o] = Bias.Value[o] + VectorMath.Dot(Weights.Value.AsSpan(o * Inputs, Inputs), x);
    }

    public void Backward(ReadOnlySpan<float> outputGradient, bool inputGradient)
    {
        for (int o = 0; o < Outputs; o++)
        {
            Bias.Gradient[o] += outputGradient[o];
            VectorMath.Axpy(outputGradient[o], _input, Weights.Gradient.AsSpan(o * Inputs, Inputs));
        }
        if (!inputGradient) return;
        Array.Clear(InputGradient);
        for (int o = 0; o < Outputs; o++)
            VectorMath.Axpy(outputGradient[o], Weights.Value.AsSpan(o * Inputs, Inputs), InputGradient);
    }
}
