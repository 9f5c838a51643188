using Sim.Config;
using YamlDotNet.RepresentationModel;

namespace Sim.Memory.Dram;

/// <summary>
/// Loads a DRAM preset (configs/dram/*.yaml) into a <see cref="DramConfig"/>. Every key is required but
/// power, controller.write_queue and, with one rank, timing.trtrs; values are range-checked, and the errors are the project's positioned ones
/// (<c>file:line:col: error: key: ...</c>).
/// </summary>
internal static class DramConfigLoader
{
    private static readonly string[] TopKeys = ["name", "standard", "clock_mhz", "channels", "organization", "timing", "controller", "power"];
    private static readonly string[] PowerKeys = ["devices_per_rank", "rails"];
    private static readonly string[] RailKeys = ["volts", "idd0", "idd2n", "idd3n", "idd5"];
    private static readonly string[] OrganizationKeys =
        ["ranks", "bank_groups", "banks_per_group", "rows", "row_bytes", "bus_width_bits", "burst_length", "bytes_per_burst"];
    private static readonly string[] TimingKeys =
        ["cl", "cwl", "trcd", "trp", "tras", "trc", "tccd_s", "tccd_l", "trrd_s", "trrd_l", "tfaw",
         "twr", "twtr_s", "twtr_l", "trtp", "trfc", "trefi", "trtrs"];
    private static readonly string[] ControllerKeys = ["queue_depth", "page_policy", "address_mapping", "write_queue", "refresh_stagger"];
    private static readonly string[] WriteQueueKeys = ["entries", "high_watermark", "low_watermark"];

    public static readonly IReadOnlyList<(string Name, PagePolicy Value)> PagePolicies =
        [("open", PagePolicy.Open), ("close", PagePolicy.Close)];

    public static readonly IReadOnlyList<(string Name, RefreshStagger Value)> RefreshStaggers =
        [("after_interval", RefreshStagger.AfterInterval), ("within_interval", RefreshStagger.WithinInterval)];

    public static readonly IReadOnlyList<(string Name, AddressField Value)> AddressFields =
        [("row", AddressField.Row), ("bank", AddressField.Bank), ("bankgroup", AddressField.BankGroup),
         ("rank", AddressField.Rank), ("column", AddressField.Column), ("channel", AddressField.Channel)];

    /// <summary>Sanity bounds: anything larger is a typo, and would make the model allocate absurdly.</summary>
    public const int MaxChannels = 1024, MaxQueueDepth = 4096, MaxTimingCycles = 1_000_000;

    /// <summary>Loads and validates <paramref name="path"/>; throws <see cref="InputError"/> on any problem.</summary>
    public static DramConfig Load(string path)
    {
        var root = MappingReader.Root(path, YamlFile.LoadMapping(path, "DRAM configuration with keys " + string.Join(", ", TopKeys)));
        root.RejectUnknownKeys(TopKeys);

        string name = root.Text("name");
        var standard = root.Choice("standard", DramStandards.All);
        double clockMhz = root.Number("clock_mhz", ConfigBounds.MinClockMhz, ConfigBounds.MaxClockMhz, minExclusive: false);
        int channels = root.Int("channels", 1, MaxChannels);

        var o = root.Mapping("organization");
        o.RejectUnknownKeys(OrganizationKeys);
        var org = new DramOrganization(
            Ranks: o.Int("ranks", 1, 64),
            BankGroups: o.Int("bank_groups", 1, 64),
            BanksPerGroup: o.Int("banks_per_group", 1, 64),
            Rows: o.Int("rows", 1, 1 << 24),
            RowBytes: o.Int("row_bytes", 1, 1 << 20),
            BusWidthBits: o.Int("bus_width_bits", 1, 4096),
            BurstLength: o.Int("burst_length", 2, 64),
            BytesPerBurst: o.Int("bytes_per_burst", 1, 1 << 16));
        if (org.BurstLength % 2 != 0)
            throw o.ErrorAt(o.Required("burst_length"),
                $"{o.PathOf("burst_length")}: expected an even burst length (two beats a cycle on a double-data-rate bus), got {org.BurstLength}");
        if ((long)org.BusWidthBits * org.BurstLength != 8L * org.BytesPerBurst)
            throw o.ErrorAt(o.Required("bytes_per_burst"),
                $"{o.PathOf("bytes_per_burst")}: {org.BytesPerBurst} does not match bus_width_bits x burst_length / 8 = " +
                $"{org.BusWidthBits} x {org.BurstLength} / 8 = {org.BusWidthBits * org.BurstLength / 8.0}");
        if ((org.BytesPerBurst & (org.BytesPerBurst - 1)) != 0)
            throw o.ErrorAt(o.Required("bytes_per_burst"),
                $"{o.PathOf("bytes_per_burst")}: expected a power of two (the burst offset is the address's low bits), got {org.BytesPerBurst}");
        if (org.RowBytes % org.BytesPerBurst != 0)
            throw o.ErrorAt(o.Required("row_bytes"),
                $"{o.PathOf("row_bytes")}: expected a whole number of bursts of {org.BytesPerBurst} bytes, got {org.RowBytes}");

        var t = root.Mapping("timing");
        t.RejectUnknownKeys(TimingKeys, "in timing (cycles of the DRAM clock)");
        int Cycles(string key) => t.Int(key, 1, MaxTimingCycles);
        var timings = new DramTimings(
            CL: Cycles("cl"), CWL: Cycles("cwl"), TRCD: Cycles("trcd"), TRP: Cycles("trp"),
            TRAS: Cycles("tras"), TRC: Cycles("trc"),
            TCCD_S: Cycles("tccd_s"), TCCD_L: Cycles("tccd_l"), TRRD_S: Cycles("trrd_s"), TRRD_L: Cycles("trrd_l"),
            TFAW: Cycles("tfaw"), TWR: Cycles("twr"), TWTR_S: Cycles("twtr_s"), TWTR_L: Cycles("twtr_l"),
            TRTP: Cycles("trtp"), TRFC: Cycles("trfc"), TREFI: Cycles("trefi"),
            BurstCycles: org.BurstLength / 2, TRTRS: RankSwitch(t, org.Ranks));
        if (timings.TRC < timings.TRAS)
            throw t.ErrorAt(t.Required("trc"), $"timing.trc: {timings.TRC} is shorter than tras ({timings.TRAS}); tRC = tRAS + tRP at least");
        // JEDEC parts spend under a tenth of their time refreshing; a rank refreshing most of the time serves
        // requests so slowly that a run would not finish.
        if (timings.TREFI < 2L * timings.TRFC)
            throw t.ErrorAt(t.Required("trefi"),
                $"timing.trefi: {timings.TREFI} leaves a rank refreshing more than half the time (trfc {timings.TRFC}); expected at least {2L * timings.TRFC}");

        var c = root.Mapping("controller");
        c.RejectUnknownKeys(ControllerKeys);
        var controller = new DramControllerConfig(
            QueueDepth: c.Int("queue_depth", 1, MaxQueueDepth),
            PagePolicy: c.Choice("page_policy", PagePolicies),
            AddressMapping: Mapping(c))
        {
            WriteQueue = c.Has("write_queue") ? WriteQueue(c.Mapping("write_queue")) : null,
            RefreshStagger = c.Has("refresh_stagger") ? c.Choice("refresh_stagger", RefreshStaggers) : RefreshStagger.AfterInterval,
        };

        return new DramConfig(name, path, clockMhz, channels, org, timings, controller)
        {
            Standard = standard,
            Power = root.Has("power") ? Power(root.Mapping("power"), timings) : null,
        };
    }

    /// <summary>
    /// <c>timing.trtrs</c>, the data bus's rank-to-rank switching time (may be 0): required with more than one
    /// rank, where it applies; with one rank there is no other rank to switch to, and it may be left out.
    /// </summary>
    private static int RankSwitch(MappingReader t, int ranks)
    {
        if (ranks == 1 && !t.Has("trtrs")) return 0;
        var node = t.Required("trtrs", $"rank-to-rank switching on the data bus, cycles; required with {ranks} ranks");
        return ValueReader.Int(t.File, t.PathOf("trtrs"), node, 0, MaxTimingCycles);
    }

    /// <summary>
    /// <c>controller.write_queue: { entries, high_watermark, low_watermark }</c>: draining starts at the high
    /// watermark, which the queue must be able to reach, and stops at the low one, below it.
    /// </summary>
    private static WriteQueueConfig WriteQueue(MappingReader w)
    {
        w.RejectUnknownKeys(WriteQueueKeys);
        var queue = new WriteQueueConfig(
            Entries: w.Int("entries", 1, MaxQueueDepth),
            HighWatermark: w.Int("high_watermark", 1, MaxQueueDepth),
            LowWatermark: w.Int("low_watermark", 0, MaxQueueDepth));
        if (queue.HighWatermark > queue.Entries)
            throw w.ErrorAt(w.Required("high_watermark"),
                $"{w.PathOf("high_watermark")}: expected at most entries ({queue.Entries}), got {queue.HighWatermark}: the queue could never reach it, and would never drain");
        if (queue.LowWatermark >= queue.HighWatermark)
            throw w.ErrorAt(w.Required("low_watermark"),
                $"{w.PathOf("low_watermark")}: expected less than high_watermark ({queue.HighWatermark}), got {queue.LowWatermark}: draining stops at the low watermark");
        return queue;
    }

    /// <summary><c>power: { devices_per_rank, rails: [{ volts, idd0, idd2n, idd3n, idd5 }, ...] }</c>, currents in mA.</summary>
    private static DramPower Power(MappingReader p, DramTimings timings)
    {
        p.RejectUnknownKeys(PowerKeys);
        int devices = p.Int("devices_per_rank", 1, 64);
        var rails = p.MappingList("rails");
        if (rails.Count == 0) throw p.ErrorAt(p.Required("rails"), $"{p.PathOf("rails")}: expected at least one supply rail");
        var power = new DramPower(devices, rails.Select(r =>
        {
            r.RejectUnknownKeys(RailKeys);
            double Current(string key) => r.Number(key, 0, 10_000, minExclusive: false);
            var rail = new DramPowerRail(r.Number("volts", 0, 5, minExclusive: true), Current("idd0"), Current("idd2n"), Current("idd3n"), Current("idd5"));
            if (rail.Idd3N < rail.Idd2N)
                throw r.ErrorAt(r.Required("idd3n"), $"{r.PathOf("idd3n")}: expected at least idd2n ({rail.Idd2N} mA): active standby draws more than precharge standby");
            if (rail.Idd5 < rail.Idd3N)
                throw r.ErrorAt(r.Required("idd5"), $"{r.PathOf("idd5")}: expected at least idd3n ({rail.Idd3N} mA): refresh draws more than active standby");
            return rail;
        }).ToArray());
        // An activate must cost energy above standby; with one rail of a part whose activates draw on another
        // (DDR5's VPP), IDD0 x tRC can fall below the standby currents over the same time.
        if (power.ActivatePj(timings, 1) <= 0)
            throw p.ErrorAt(p.Required("rails"),
                $"{p.PathOf("rails")}: an activate would cost no energy above standby (summed over the rails, V x IDD0 x tRC is not above " +
                "V x (IDD3N x tRAS + IDD2N x (tRC - tRAS))); list every rail the activates draw on, with its currents");
        return power;
    }

    /// <summary>
    /// The address fields, most significant first: each of the six exactly once, as a list of their names or
    /// as DRAMSim3 names a mapping (<see cref="Dramsim3MappingName"/>, such as <c>rochrababgco</c>).
    /// </summary>
    private static AddressField[] Mapping(MappingReader c)
    {
        var node = c.Required("address_mapping");
        string path = c.PathOf("address_mapping");
        string all = string.Join(", ", AddressFields.Select(f => f.Name));
        if (node is YamlScalarNode scalar && !YamlValues.IsNull(scalar))
            return Dramsim3MappingName.Parse(scalar.Value ?? "", out string problem) ?? throw c.ErrorAt(node, $"{path}: {problem}");
        if (node is not YamlSequenceNode seq)
            throw c.ErrorAt(node, $"{path}: expected a list of the fields {all}, most significant first, or a DRAMSim3 mapping name " +
                                  $"such as rochrababgco, got {YamlValues.Describe(node)}");
        var fields = new List<AddressField>();
        for (int i = 0; i < seq.Children.Count; i++)
        {
            var field = ValueReader.Choice(c.File, $"{path}[{i}]", seq.Children[i], AddressFields);
            if (fields.Contains(field))
                throw c.ErrorAt(seq.Children[i], $"{path}[{i}]: '{AddressFields.First(f => f.Value == field).Name}' appears twice");
            fields.Add(field);
        }
        if (fields.Count != AddressFields.Count)
        {
            var missing = AddressFields.Where(f => !fields.Contains(f.Value)).Select(f => f.Name);
            throw c.ErrorAt(node, $"{path}: missing {string.Join(", ", missing)} (expected each of {all} once, most significant first)");
        }
        return fields.ToArray();
    }
}
