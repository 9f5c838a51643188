namespace Sim.Operators;

/// <summary>
/// One operator of the set that every lowering shares (scenario layers, ONNX nodes, the networks Sim builds
/// itself). An operator has one or both facets: <see cref="IOnnxOperator"/> for ONNX nodes and
/// <see cref="LayerOperator"/> for scenario layer records. Where an ONNX operator and a scenario layer are the
/// same computation, one class carries both, so the two cannot drift apart. <see cref="OperatorSet"/> lists
/// each operator once and finds it by either facet.
/// </summary>
internal interface IOperator;
