using Sim.Config;
using Sim.Graph;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Onnx.Import;

/// <summary>
/// The values fed to an imported graph's inputs: a given TensorProto file (the first input; <c>input:</c>
/// in a scenario, <c>--input</c> on the command line), otherwise seeded data from the scenario's seed,
/// input i drawing from the generator of layer index 1,000,000 + i: float inputs standard normal, int8 and
/// uint8 inputs uniform over their non-zero values, each element zero with the scenario's
/// activation_zero_fraction.
/// </summary>
internal static class GraphInputs
{
    public static Dictionary<string, GraphValue> Make(OnnxGraph graph, int seed, double zeroFraction, string? inputPath)
    {
        var values = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Inputs.Count; i++)
        {
            var (name, shape) = graph.Inputs[i];
            if (i == 0 && inputPath is not null)
            {
                var given = GraphValue.FromProto(TensorProtoReader.ReadFile(inputPath), $"input file '{inputPath}'");
                if (given.Type != shape.Type || !given.Shape.SequenceEqual(shape.Shape))
                    throw new InputError($"input file '{inputPath}' holds {GraphValue.Name(given.Type)}[{string.Join(",", given.Shape)}]; graph input '{name}' is {shape}");
                values[name] = given;
                continue;
            }
            var data = new OperandGenerator(seed, 1_000_000 + i);
            values[name] = shape.Type switch
            {
                GraphElementType.Float => GraphValue.Of(data.Floats(shape.Shape, zeroFraction)),
                GraphElementType.Int8 => GraphValue.Of(shape.Type, Widen(data.Operands(shape.Shape, ElementFormat.Int8, zeroFraction))),
                GraphElementType.UInt8 => GraphValue.Of(shape.Type, Widen(data.Operands(shape.Shape, ElementFormat.Uint8, zeroFraction))),
                _ => throw new InputError($"graph input '{name}' is {shape}: only float, int8 and uint8 inputs can be drawn from the seed; give an input file"),
            };
        }
        return values;
    }

    private static Tensor<int> Widen(Tensor<short> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (int)v));
}
