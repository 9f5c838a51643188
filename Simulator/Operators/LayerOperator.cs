using Sim.Accelerator;
using Sim.Config;

namespace Sim.Operators;

/// <summary>
/// The scenario-layer facet of an operator: its lowering of one kind of layer record to a unit's work (the
/// fast model computes its output and command stream) with its golden model started beside it. Its shape
/// inference is its layer record's (Config/Layers/); the registry is <see cref="OperatorSet"/>. A new kind of
/// scenario layer means its record, its parser entry, this facet on its operator and the operator's line in
/// the registry.
/// </summary>
internal abstract class LayerOperator : IOperator
{
    public abstract Type LayerType { get; }

    public abstract LayerWork Lower(Lowering ctx, LayerSpec layer, int index, LayerInputs inputs);
}

/// <summary>An operator for layers of type <typeparamref name="T"/>.</summary>
internal abstract class LayerOperator<T> : LayerOperator where T : LayerSpec
{
    public override Type LayerType => typeof(T);

    public override LayerWork Lower(Lowering ctx, LayerSpec layer, int index, LayerInputs inputs) => Lower(ctx, (T)layer, index, inputs);

    protected abstract LayerWork Lower(Lowering ctx, T layer, int index, LayerInputs inputs);
}
