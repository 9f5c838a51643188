namespace Sim.Training;

/// <summary>
/// The small CNN trained on Fashion-MNIST, one 28 x 28 grey image (pixel / 255) at a time:
/// <code>
/// conv1 3x3, 1 -> C1 (valid) -> ReLU -> maxpool 2   28x28 -> 26x26 -> 13x13
/// conv2 3x3, C1 -> C2 (valid) -> ReLU -> maxpool 2  13x13 -> 11x11 -> 5x5
/// fc1 C2*5*5 -> H -> ReLU
/// fc2 H -> 10 (logits)
/// </code>
/// C1 = 8, C2 = 16, H = 64 by default. Convolutions are unpadded so that the int8 model's zero points never
/// meet padding. Weights start He-uniform from a seeded generator, biases at zero.
/// </summary>
internal sealed class SmallCnn
{
    public const int ImageHeight = 28, ImageWidth = 28, Classes = 10;

    public ConvLayer Conv1 { get; }
    public ReluLayer Relu1 { get; }
    public MaxPoolLayer Pool1 { get; }
    public ConvLayer Conv2 { get; }
    public ReluLayer Relu2 { get; }
    public MaxPoolLayer Pool2 { get; }
    public DenseLayer Fc1 { get; }
    public ReluLayer Relu3 { get; }
    public DenseLayer Fc2 { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    private readonly float[] _input = new float[ImageHeight * ImageWidth];

    public SmallCnn(int conv1Channels = 8, int conv2Channels = 16, int hidden = 64)
    {
        Conv1 = new ConvLayer("conv1", 1, conv1Channels, 3, ImageHeight, ImageWidth);
        Relu1 = new ReluLayer(Conv1.Output.Length);
        Pool1 = new MaxPoolLayer(conv1Channels, Conv1.OutHeight, Conv1.OutWidth);
        Conv2 = new ConvLayer("conv2", conv1Channels, conv2Channels, 3, Pool1.OutHeight, Pool1.OutWidth);
        Relu2 = new ReluLayer(Conv2.Output.Length);
        Pool2 = new MaxPoolLayer(conv2Channels, Conv2.OutHeight, Conv2.OutWidth);
        Fc1 = new DenseLayer("fc1", Pool2.Output.Length, hidden);
        Relu3 = new ReluLayer(hidden);
        Fc2 = new DenseLayer("fc2", hidden, Classes);
        Parameters = [Conv1.Weights, Conv1.Bias, Conv2.Weights, Conv2.Bias, Fc1.Weights, Fc1.Bias, Fc2.Weights, Fc2.Bias];
    }

    /// <summary>A new network with He-uniform weights drawn from <paramref name="seed"/>.</summary>
    public static SmallCnn Create(int seed, int conv1Channels = 8, int conv2Channels = 16, int hidden = 64)
    {
        var net = new SmallCnn(conv1Channels, conv2Channels, hidden);
        var random = new Random(seed);
        net.Conv1.Weights.InitUniform(random, Math.Sqrt(6.0 / net.Conv1.K));
        net.Conv2.Weights.InitUniform(random, Math.Sqrt(6.0 / net.Conv2.K));
        net.Fc1.Weights.InitUniform(random, Math.Sqrt(6.0 / net.Fc1.Inputs));
        net.Fc2.Weights.InitUniform(random, Math.Sqrt(6.0 / net.Fc2.Inputs));
        return net;
    }

    /// <summary>The float input the network sees for a pixel: pixel / 255.</summary>
    public static float Normalize(byte pixel) => pixel / 255f;

    /// <summary>Runs one image; returns the logits (a buffer the next call overwrites).</summary>
    public float[] Forward(ReadOnlySpan<byte> pixels)
    {
        for (int i = 0; i < _input.Length; i++) _input[i] = Normalize(pixels[i]);
        Conv1.Forward(_input);
        Relu1.Forward(Conv1.Output);
        Pool1.Forward(Relu1.Output);
        Conv2.Forward(Pool1.Output);
        Relu2.Forward(Conv2.Output);
        Pool2.Forward(Relu2.Output);
        Fc1.Forward(Pool2.Output);
        Relu3.Forward(Fc1.Output);
        Fc2.Forward(Relu3.Output);
        return Fc2.Output;
    }

    /// <summary>Adds the last image's gradients (given d loss / d logits) to every parameter's.</summary>
    public void Backward(ReadOnlySpan<float> logitGradient)
    {
        Fc2.Backward(logitGradient, inputGradient: true);
        Relu3.Backward(Fc2.InputGradient);
        Fc1.Backward(Relu3.InputGradient, inputGradient: true);
        Pool2.Backward(Fc1.InputGradient);
        Relu2.Backward(Pool2.InputGradient);
        Conv2.Backward(Relu2.InputGradient, inputGradient: true);
        Pool1.Backward(Conv2.InputGradient);
        Relu1.Backward(Pool1.InputGradient);
        Conv1.Backward(Relu1.InputGradient, inputGradient: false);
    }

    /// <summary>The predicted class: the first largest logit.</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /// <summary>Every parameter's values, little-endian float32, in <see cref="Parameters"/> order, after a small header.</summary>
    public void Save(string path)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write("sim-small-cnn-v1");
        w.Write(Conv1.OutChannels); w.Write(Conv2.OutChannels); w.Write(Fc1.Outputs);
        foreach (var p in Parameters)
            foreach (float v in p.Value) w.Write(v);
    }

    public static SmallCnn Load(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (r.ReadString() != "sim-small-cnn-v1") throw new InvalidDataException($"{path}: not a saved SmallCnn");
        var net = new SmallCnn(r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
        foreach (var p in net.Parameters)
            for (int i = 0; i < p.Value.Length; i++) p.Value[i] = r.ReadSingle();
        return net;
    }
}
