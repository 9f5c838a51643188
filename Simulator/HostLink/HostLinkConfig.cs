namespace Sim.HostLink;

/// <summary>
/// A PCIe link between the host and the accelerator, per direction (the link is full duplex).
/// Every transfer is cut into TLPs of at most MaxPayloadBytes; each TLP also carries its header,
/// framing, sequence number and LCRC (TlpOverheadBytes), and the link carries DLLPs (acknowledges
/// and flow-control updates) in between (DllpBytesPerTlp). Before the first byte moves, the driver
/// spends DriverOverheadNs on the command (descriptor, doorbell); the last byte lands LatencyNs
/// after it left.
/// </summary>
internal sealed record HostLinkConfig(
    int Generation,
    int Lanes,
    int MaxPayloadBytes,
    int TlpOverheadBytes,
    int DllpBytesPerTlp,
    double LatencyNs,
    double DriverOverheadNs)
{
    /// <summary>
    /// Gen4 x16 with 256-byte payloads. A TLP's overhead is a 16-byte header (4 DW, 64-bit
    /// addresses), 4 bytes of STP framing token, 2 of sequence number and 4 of LCRC: 26 bytes.
    /// One ACK and one UpdateFC DLLP per TLP, 8 bytes each with framing. 500 ns one way and 2 us
    /// of driver work per command are typical of a host bridge and a kernel driver.
    /// </summary>
    public static HostLinkConfig Default { get; } = new(4, 16, 256, 26, 16, 500, 2000);

    /// <summary>Gigatransfers per second per lane of each PCIe generation.</summary>
    public double GigatransfersPerLane => Generation switch
    {
        1 => 2.5,
        2 => 5,
        3 => 8,
        4 => 16,
        5 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(Generation), Generation, "PCIe generations 1 to 5 are modelled"),
    };

    /// <summary>Line encoding efficiency: 8b/10b up to Gen2, 128b/130b from Gen3.</summary>
    public double EncodingEfficiency => Generation <= 2 ? 8.0 / 10 : 128.0 / 130;

    /// <summary>Bytes per second the lanes carry after line encoding, before any protocol overhead.</summary>
    public double RawBytesPerSecond => GigatransfersPerLane * 1e9 * Lanes * EncodingEfficiency / 8;

    /// <summary>Bytes on the wire for a transfer of <paramref name="payload"/> bytes: payload, TLP and DLLP overhead.</summary>
    public long WireBytes(long payload)
    {
        long tlps = (payload + MaxPayloadBytes - 1) / MaxPayloadBytes;
        return payload + tlps * (TlpOverheadBytes + DllpBytesPerTlp);
    }

    /// <summary>Payload bandwidth of a long transfer, in GB/s.</summary>
    public double SustainedGBps => RawBytesPerSecond * MaxPayloadBytes / (MaxPayloadBytes + TlpOverheadBytes + DllpBytesPerTlp) / 1e9;
}
