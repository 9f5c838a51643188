using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// An element-wise float32 function on the special-function unit (<see cref="SpecialFunctionUnit"/>): one lookup an element.
/// Hardware without an SFU, or whose SFU's <c>functions</c> lack this one, refuses the node by name: there is no silent
/// fallback to exact float arithmetic, which would report accuracy and cost the hardware does not have. The output must
/// equal the golden model's (<see cref="Ops.SpecialFunction"/>) bit for bit; the row's error columns are its distance from
/// the float64 function.
/// </summary>
internal abstract class SfuOperator(SfuFunction function) : IOnnxOperator
{
    public abstract IReadOnlyList<string> OpTypes { get; }

    public ValueShape InferShape(NodeShapes s) => s.Expect(s.Input(0), GraphElementType.Float, "X");

    /// <summary>True when the node asks for GELU's tanh approximation.</summary>
    protected virtual bool TanhForm(GraphNode node) => false;

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var config = Require(ctx.Hw, node, function);
        bool tanhForm = TanhForm(node);
        var x = input(0)!.Floats;
        var unit = new SpecialFunctionUnit(config, ctx.Hw.Scratchpads.Input.CapacityBytes);
        var y = unit.Run(SpecialFunctionUnit.Kernel(function, tanhForm), x);
        var golden = Ops.SpecialFunction(function, tanhForm, config, x);
        var reference = Ops.SpecialFunctionDouble(function, tanhForm, x);
        return new NodeStep(GraphValue.Of(y), UnitWork.OnSfu(ctx.Hw, unit.Steps(x.Length, ctx.FloatBytes), x.Length, ctx.FloatBytes,
            () => FloatCheck.Exact(ctx.Name, golden, y, FitFp32(reference))));
    }

    /// <summary>The hardware's SFU, which must hold <paramref name="function"/>'s table; otherwise the node is refused by name.</summary>
    public static SfuConfig Require(HardwareConfig hw, GraphNode node, SfuFunction function)
    {
        var config = hw.Sfu ?? throw NodeShapes.Error(node,
            $"{node.OpType} runs on the special-function unit, and hardware '{hw.Name}' has none (add an sfu: section with {function.Name()} among its functions)");
        if (!config.Functions.Contains(function))
            throw NodeShapes.Error(node,
                $"{node.OpType} needs the special-function unit's {function.Name()} table, and hardware '{hw.Name}' lists only: {string.Join(", ", config.Functions.Select(f => f.Name()))}");
        return config;
    }

    public void RequireHardware(HardwareConfig hw, GraphNode node) => Require(hw, node, function);

    /// <summary>The reference with values past fp32's range as the infinities fp32 rounds them to, so that an exp that overflows as it must is no error.</summary>
    private static Tensor<double> FitFp32(Tensor<double> reference) =>
        new(reference.Shape, Array.ConvertAll(reference.Data, r => float.IsInfinity((float)r) ? (double)(float)r : r));
}
