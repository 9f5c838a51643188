using Sim.Config;
using Sim.Onnx;
using Sim.Tensors;

namespace Sim.Graph;

/// <summary>
/// Folds each inference-mode BatchNormalization whose input is a float Conv's output (read by nothing
/// else) into that Conv at import, as deployment tools do: with s = scale / sqrt(var + epsilon) per output
/// channel, W'[o] = W[o] x s[o] and B'[o] = (B[o] - mean[o]) x s[o] + bias[o], computed in float64 and
/// rounded to float32 once. The folded node is named "conv+bn". Other BatchNormalization nodes stay and
/// run on the vector unit.
/// </summary>
internal static class BatchNormFolding
{
    public static List<GraphNode> Fold(List<GraphNode> nodes, Dictionary<string, GraphValue> constants, ISet<string> graphOutputs)
    {
        var producer = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            foreach (var o in n.Outputs) producer[o] = n;
            foreach (var i in n.Inputs.Where(i => i.Length > 0)) readers[i] = readers.GetValueOrDefault(i) + 1;
        }
        var replaced = new Dictionary<GraphNode, GraphNode?>();
        foreach (var bn in nodes.Where(n => n.OpType == "BatchNormalization"))
        {
            if (NodeAttributes.GetInt(bn.Proto, "training_mode", 0) != 0)
                throw new InputError($"node '{bn.Describe}': training_mode BatchNormalization is not supported (inference only)");
            if (bn.Outputs.Skip(1).Any(o => o.Length > 0 && readers.ContainsKey(o)))
                throw new InputError($"node '{bn.Describe}': only the first output (Y) of BatchNormalization is supported");
            string x = bn.Inputs[0];
            if (!producer.TryGetValue(x, out var conv) || conv.OpType != "Conv" || replaced.ContainsKey(conv)
                || readers.GetValueOrDefault(x) != 1 || graphOutputs.Contains(x)) continue;
            if (!Constant(constants, conv.Input(1), out var w) || (conv.Input(2) is { } cb && !constants.ContainsKey(cb))) continue;
            var parameters = new float[4][];
            bool allConstant = true;
            for (int i = 0; i < 4; i++)
            {
                if (Constant(constants, bn.Input(i + 1), out var t) && t.Length == w.Shape[0]) parameters[i] = t.Data;
                else allConstant = false;
            }
            if (!allConstant) continue;
            float epsilon = NodeAttributes.GetFloat(bn.Proto, "epsilon", 1e-5f);
            var (scale, bias, mean, variance) = (parameters[0], parameters[1], parameters[2], parameters[3]);
            float[] convBias = conv.Input(2) is { } biasName ? constants[biasName].Floats.Data : new float[w.Shape[0]];

            int perChannel = w.Length / w.Shape[0];
            var folded = new float[w.Length];
            var foldedBias = new float[w.Shape[0]];
            for (int o = 0; o < w.Shape[0]; o++)
            {
                double s = scale[o] / Math.Sqrt(variance[o] + (double)epsilon);
                for (int j = 0; j < perChannel; j++) folded[o * perChannel + j] = (float)(w.Data[o * perChannel + j] * s);
                foldedBias[o] = (float)((convBias[o] - (double)mean[o]) * s + bias[o]);
            }
            string name = $"{conv.Name}+{bn.Name}";
            constants[name + ".W"] = GraphValue.Of(new Tensor<float>(w.Shape, folded));
            constants[name + ".B"] = GraphValue.Of(new Tensor<float>([w.Shape[0]], foldedBias));
            replaced[conv] = new GraphNode(name, "Conv", [conv.Inputs[0], name + ".W", name + ".B"], [bn.Output], conv.Proto);
            replaced[bn] = null;
        }
        var result = new List<GraphNode>(nodes.Count);
        foreach (var n in nodes)
        {
            if (!replaced.TryGetValue(n, out var r)) result.Add(n);
            else if (r is not null) result.Add(r);
        }
        return result;
    }

    private static bool Constant(Dictionary<string, GraphValue> constants, string? name, out Tensor<float> value)
    {
        value = null!;
        if (name is null || !constants.TryGetValue(name, out var v) || !v.IsFloat) return false;
        value = v.Floats;
        return true;
    }
}
