using Google.Protobuf;
using Onnx;

namespace Sim.Tests.Robustness;

/// <summary>
/// Seeded mutants of a valid ONNX model: the serialised bytes cut short (which protobuf may still parse, at a field's
/// end), a QuantizeLinear scale of zero or NaN, a BatchNormalization without one of its parameters (the input dropped,
/// or its initializer removed), and an initializer whose data does not fill its shape.
/// </summary>
internal static class OnnxMutator
{
    public static IEnumerable<Mutant> Mutants(ModelProto model, Random random, int perClass)
    {
        byte[] bytes = model.ToByteArray();
        for (int i = 0; i < perClass; i++)
        {
            int cut = random.Next(bytes.Length);
            yield return new Mutant("truncated", $"cut after {cut} of {bytes.Length} bytes", bytes[..cut], MayStayValid: true);
            foreach (float scale in new[] { 0f, float.NaN })
                yield return Edit(model, "quantize-scale", $"QuantizeLinear scale {scale}", m => SetFloat(Initializer(m, Scale(m)), scale));
            yield return BatchNormWithout(model, random);
            yield return WrongSize(model, random);
        }
    }

    private static Mutant BatchNormWithout(ModelProto model, Random random)
    {
        int input = 1 + random.Next(4);
        bool dropInitializer = random.Next(2) == 0;
        return Edit(model, "batchnorm-missing", $"BatchNormalization without input {input} ({(dropInitializer ? "its initializer removed" : "the input dropped")})", m =>
        {
            var bn = m.Graph.Node.Single(n => n.OpType == "BatchNormalization");
            if (dropInitializer) m.Graph.Initializer.Remove(Initializer(m, bn.Input[input]));
            else bn.Input.RemoveAt(input);
        });
    }

    private static Mutant WrongSize(ModelProto model, Random random)
    {
        var names = model.Graph.Initializer.Select(t => t.Name).ToList();
        string name = names[random.Next(names.Count)];
        int change = random.Next(2) == 0 ? -1 : 1;
        return Edit(model, "initializer-size", $"initializer '{name}' with {(change < 0 ? "one element fewer" : "one element more")} than its shape", m =>
        {
            var t = Initializer(m, name);
            int element = t.RawData.Length / (int)Math.Max(1, t.Dims.Aggregate(1L, (a, d) => a * d));
            byte[] data = t.RawData.ToByteArray();
            t.RawData = ByteString.CopyFrom(change < 0 ? data[..^element] : [.. data, .. data[..element]]);
        });
    }

    private static Mutant Edit(ModelProto model, string cls, string change, Action<ModelProto> edit)
    {
        var copy = model.Clone();
        edit(copy);
        return new Mutant(cls, change, copy.ToByteArray(), MayStayValid: false);
    }

    private static string Scale(ModelProto m) => m.Graph.Node.First(n => n.OpType == "QuantizeLinear").Input[1];

    private static TensorProto Initializer(ModelProto m, string name) => m.Graph.Initializer.Single(t => t.Name == name);

    private static void SetFloat(TensorProto t, float value) => t.RawData = ByteString.CopyFrom(BitConverter.GetBytes(value));
}
