using Onnx;
using Sim.Config;
using Sim.Graph;
using Sim.Operators;
using Sim.Tensors;

namespace Sim.Onnx.Import;

/// <summary>
/// An ONNX model ready to run: every node's operator checked (<see cref="OperatorSet"/>),
/// Constant nodes turned into constants, BatchNormalization folded into the Conv before it
/// (<see cref="BatchNormFolding"/>), the nodes in topological order and every value's type and shape
/// inferred. Graph inputs with symbolic dimensions take 1 for them (batch 1), except a symbolic first (batch)
/// dimension, which takes the scenario's batch.
/// </summary>
internal sealed class OnnxGraph
{
    public required string Path { get; init; }
    public required string Name { get; init; }
    public required long Opset { get; init; }

    /// <summary>The nodes to run, in order.</summary>
    public required IReadOnlyList<GraphNode> Nodes { get; init; }

    /// <summary>Initializers, Constant outputs and folded weights.</summary>
    public required IReadOnlyDictionary<string, GraphValue> Constants { get; init; }

    /// <summary>The graph inputs the caller feeds (initializers excluded), with their types and shapes.</summary>
    public required IReadOnlyList<(string Name, ValueShape Shape)> Inputs { get; init; }

    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>Every value's inferred type and shape.</summary>
    public required IReadOnlyDictionary<string, ValueShape> Shapes { get; init; }

    /// <summary>Loads, checks and prepares <paramref name="path"/>. Every problem is an <see cref="InputError"/>.</summary>
    /// <param name="batch">What a graph input's symbolic first dimension takes; above 1, some input must have one.</param>
    public static OnnxGraph Load(string path, int batch = 1) => ModelErrors.InFile(path, () => From(OnnxModelReader.Load(path), path, batch));

    public static OnnxGraph From(ModelProto model, string path, int batch = 1)
    {
        var g = model.Graph;
        long opset = OnnxModelReader.DefaultOpset(model);
        var constants = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        foreach (var t in g.Initializer)
            constants[t.Name] = GraphValue.FromProto(t, $"initializer '{t.Name}'");

        var names = new HashSet<string>(StringComparer.Ordinal);
        var nodes = new List<GraphNode>(g.Node.Count);
        for (int i = 0; i < g.Node.Count; i++)
        {
            var p = g.Node[i];
            string name = string.IsNullOrEmpty(p.Name) ? $"{p.OpType}_{i}" : p.Name;
            if (!names.Add(name)) name = $"{name}_{i}";
            OperatorSet.Check(p, name);
            if (p.Output.Count == 0 || p.Output[0].Length == 0)
                throw new InputError($"node '{name} ({p.OpType})' has no output");
            var node = new GraphNode(name, p.OpType, [.. p.Input], [.. p.Output], p);
            if (p.OpType == OperatorSet.Constant)
                constants[node.Output] = ConstantValue(node);
            else
                nodes.Add(node);
        }

        var inputs = new List<(string, ValueShape)>();
        var known = new Dictionary<string, ValueShape>(StringComparer.Ordinal);
        foreach (var (name, value) in constants) known[name] = new ValueShape(value.Type, value.Shape);
        foreach (var vi in g.Input)
        {
            if (constants.ContainsKey(vi.Name)) continue;
            var shape = InputShape(vi, batch);
            inputs.Add((vi.Name, shape));
            known[vi.Name] = shape;
        }
        if (batch > 1 && !g.Input.Any(vi => !constants.ContainsKey(vi.Name) && HasSymbolicBatch(vi)))
            throw new InputError($"no graph input has a symbolic batch (first) dimension, so the graph runs at its own batch, not {batch}");
        if (nodes.Count == 0) throw new InputError($"'{path}': the graph has no nodes to run");

        var outputs = g.Output.Select(o => o.Name).ToList();
        nodes = BatchNormFolding.Fold(nodes, constants, new HashSet<string>(outputs, StringComparer.Ordinal));
        foreach (var (name, value) in constants) known.TryAdd(name, new ValueShape(value.Type, value.Shape));
        var order = TopologicalOrder.Sort(nodes, known.Keys);
        var shapes = ShapeInference.Infer(order, known, constants);
        foreach (var o in outputs)
            if (!shapes.ContainsKey(o)) throw new InputError($"'{path}': graph output '{o}' is not produced by any node");
        return new OnnxGraph
        {
            Path = path,
            Name = string.IsNullOrEmpty(g.Name) ? System.IO.Path.GetFileNameWithoutExtension(path) : g.Name,
            Opset = opset, Nodes = order, Constants = constants, Inputs = inputs, Outputs = outputs, Shapes = shapes,
        };
    }

    private static bool HasSymbolicBatch(ValueInfoProto vi) =>
        vi.Type?.TensorType?.Shape?.Dim is { Count: > 0 } dims && dims[0].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue;

    private static ValueShape InputShape(ValueInfoProto vi, int batch)
    {
        var tensor = vi.Type?.TensorType ?? throw new InputError($"graph input '{vi.Name}' is not a tensor");
        var type = GraphValue.FromOnnx(tensor.ElemType, $"graph input '{vi.Name}'");
        if (tensor.Shape is null) throw new InputError($"graph input '{vi.Name}' has no shape");
        var shape = tensor.Shape.Dim.Select((d, i) => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
            ? (d.DimValue is > 0 and <= int.MaxValue ? (int)d.DimValue : throw new InputError($"graph input '{vi.Name}' has dimension {d.DimValue}"))
            : i == 0 ? batch : 1).ToArray();
        if (Tensor<float>.ElementCountLong(shape) > int.MaxValue) throw new InputError($"graph input '{vi.Name}' is too large");
        return new ValueShape(type, shape);
    }

    private static GraphValue ConstantValue(GraphNode node)
    {
        var p = node.Proto;
        if (NodeAttributes.Find(p, "value") is { } v && v.T is not null)
            return GraphValue.FromProto(v.T, $"node '{node.Describe}' value");
        if (NodeAttributes.Find(p, "value_float") is not null)
            return GraphValue.Of(new Tensor<float>([], [NodeAttributes.GetFloat(p, "value_float", 0)]));
        if (NodeAttributes.GetFloats(p, "value_floats") is { } fs)
            return GraphValue.Of(new Tensor<float>([fs.Length], fs));
        if (NodeAttributes.Find(p, "value_int") is not null)
            return GraphValue.Of(GraphElementType.Int64, new Tensor<int>([], [(int)NodeAttributes.GetInt(p, "value_int", 0)]));
        if (NodeAttributes.GetInts(p, "value_ints") is { } ints)
            return GraphValue.Of(GraphElementType.Int64, new Tensor<int>([ints.Length], ints));
        throw new InputError($"node '{node.Describe}': only value, value_float(s) and value_int(s) constants are supported");
    }
}
