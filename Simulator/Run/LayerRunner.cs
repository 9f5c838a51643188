using Sim.Accelerator;
using Sim.Config;
using Sim.Operators;
using Sim.Profiling;
using Sim.Scenarios;
using Sim.Timeline;

namespace Sim.Run;

/// <summary>
/// Runs one layer of a scenario: its operator makes its operands (or takes its inputs from the layers before
/// it), computes its output on the fast model while producing its command stream and starts the golden model
/// on another core (a <see cref="LayerWork"/>); offloaded one at a time, <see cref="LayerExecution"/> then
/// times, costs and checks it.
/// </summary>
internal sealed class LayerRunner(ScenarioConfig scenario, TimelineRecorder? timeline = null, RunPhases? phases = null)
{
    private readonly Lowering _lowering = new(scenario.Hardware, scenario.Seed, scenario.Data, phases ?? RunPhases.Off);
    private readonly LayerExecution _execution = new(scenario.Hardware, timeline, phases, scenario.Execution.MaxCycles);

    public LayerResult Run(LayerSpec layer, int index) => Start(layer, index).Finish();

    /// <summary>Runs the layer but for its comparison with the golden model, which goes on on another core until <see cref="PendingLayer.Finish"/>.</summary>
    public PendingLayer Start(LayerSpec layer, int index) => Time(layer, Prepare(layer, index));

    /// <summary>
    /// The first half of <see cref="Start"/>: the layer's operands, its output and command stream from the
    /// fast model, and its golden model started on another core, by the layer's operator
    /// (<see cref="OperatorSet"/>). A layer's own data depends only on the scenario's seed and its
    /// position, so any thread may prepare any layer that reads no other's output.
    /// </summary>
    public LayerWork Prepare(LayerSpec layer, int index, LayerInputs? inputs = null) =>
        OperatorSet.For(layer).Lower(_lowering, layer, index, inputs ?? LayerInputs.OwnData);

    /// <summary>
    /// The second half of <see cref="Start"/>: times a prepared layer on the hardware after the layers timed
    /// before it (so layers must come here in their order).
    /// </summary>
    public PendingLayer Time(LayerSpec layer, LayerWork work) => _execution.Start(layer.Name, layer.TypeName, work);

    /// <summary>
    /// A conv's or gemm's own operands from its generator: the input only when <paramref name="withInput"/>, then
    /// the weights. They depend on nothing computed, so a thread may draw them ahead of the layer's turn.
    /// </summary>
    public PeOperands DrawOperands(LayerSpec layer, int index, bool withInput) => OperatorSet.Draw(_lowering, layer, index, withInput);
}
