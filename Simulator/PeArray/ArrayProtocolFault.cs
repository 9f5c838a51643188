namespace Sim.PeArray;

/// <summary>
/// An array broke the output protocol a driver holds it to: a column emitted more valid sums than were streamed, or
/// sums were still missing when a correct array is done. From the Verilated RTL this is a cosimulation mismatch to
/// locate, not a crash of the simulator.
/// </summary>
internal sealed class ArrayProtocolFault(string message) : InvalidOperationException(message);
