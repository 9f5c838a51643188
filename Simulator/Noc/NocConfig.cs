namespace Sim.Noc;

/// <summary>How the cores and the memory node are wired (<c>noc.topology</c>).</summary>
internal enum NocTopologyKind { Mesh, Ring }

/// <summary>
/// The network-on-chip between the cores and device memory (<c>noc:</c>), clocked with the cores. Each directed link
/// moves <see cref="LinkBytesPerCycle"/> a cycle, so a packet of b payload bytes holds it max(1, ceil(b / width)) cycles
/// (a read request or a write acknowledgement, no payload, takes one: its header); each hop then adds
/// <see cref="HopCycles"/> (router and wire latency) before the packet reaches the next router. A link starts a packet
/// only with a credit: one of <see cref="Credits"/> buffer slots at its downstream router, returned when the packet
/// leaves that buffer. Routers cost <see cref="RouterPjPerByte"/> per payload byte per hop.
/// </summary>
internal sealed record NocConfig(NocTopologyKind Topology, int LinkBytesPerCycle, int HopCycles, double RouterPjPerByte, int Credits)
{
    /// <summary>
    /// A 2D mesh, 32-byte links (a 256-bit on-chip bus), two cycles a hop (a router stage and a wire stage), four credits a
    /// link, and 1 pJ a byte a hop (about 0.12 pJ/bit: the order of a router hop at 16-28 nm, as reported for Simba's
    /// package and chip networks).
    /// </summary>
    public static readonly NocConfig Default = new(NocTopologyKind.Mesh, 32, 2, 1.0, 4);

    public static readonly IReadOnlyList<(string Name, NocTopologyKind Value)> Topologies =
        [("mesh", NocTopologyKind.Mesh), ("ring", NocTopologyKind.Ring)];

    /// <summary>Cycles a packet of <paramref name="payloadBytes"/> holds a link.</summary>
    public long SerialisationCycles(long payloadBytes) => Math.Max(1, (payloadBytes + LinkBytesPerCycle - 1) / LinkBytesPerCycle);
}
