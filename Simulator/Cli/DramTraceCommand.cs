using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sim.Config;
using Sim.Memory.Dram;
using Sim.Report;

namespace Sim.Cli;

/// <summary>
/// <c>sim dram</c>: runs a DRAMSim3-format request trace through the DRAM model alone and prints one
/// JSON object of its figures; <c>--requests</c> also writes each request's cycles.
/// </summary>
internal static class DramTraceCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "A shipped DRAM preset: " + string.Join(", ", DramPresets.Names) };
        var config = new Option<string>("--config") { Description = "A DRAM configuration YAML file (instead of --preset)" };
        var trace = new Option<string>("--trace") { Description = "Trace file: one request a line, 0x<hex address> READ|WRITE <cycle>", Required = true };
        var channels = new Option<int?>("--channels") { Description = "Number of channels (replaces the configuration's)" };
        var requests = new Option<string>("--requests") { Description = "Also write every request's arrival and completion cycle to this CSV file" };
        var command = new Command("dram", "Run a request trace through the DRAM model and print its figures as JSON")
        {
            preset, config, trace, channels, requests,
        };
        command.SetAction(parse =>
        {
            var dram = LoadConfig(parse.GetValue(preset), parse.GetValue(config), parse.GetValue(channels));
            string? requestsPath = parse.GetValue(requests);
            // Checked before the run, so that a long trace is never simulated for nothing.
            if (requestsPath is not null) InputPath.RequireWritableFile(requestsPath, $"--requests {requestsPath}");
            var requestTrace = DramTrace.Load(parse.GetValue(trace)!);
            var log = requestsPath is null ? null : new DramRequestLog(requestTrace);
            var result = new DramTraceRunner(dram) { Completions = log }.Run(requestTrace);
            if (log is not null) AtomicFile.Write(requestsPath!, System.Text.Encoding.UTF8.GetBytes(log.ToCsv()));
            parse.InvocationConfiguration.Output.WriteLine(ToJson(result));
            return 0;
        });
        return command;
    }

    public static DramConfig LoadConfig(string? preset, string? configPath, int? channels)
    {
        if ((preset is null) == (configPath is null))
            throw new InputError("give one of --preset NAME or --config FILE");
        var config = preset is not null ? DramPresets.Load(preset) : DramConfigLoader.Load(configPath!);
        if (channels is { } n)
        {
            if (n < 1 || n > DramConfigLoader.MaxChannels)
                throw new InputError($"--channels: expected an integer from 1 to {DramConfigLoader.MaxChannels}, got {n}");
            config = config with { Channels = n };
        }
        return config;
    }

    public static string ToJson(DramTraceResult result)
    {
        var s = result.Stats;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("total_cycles", result.TotalCycles);
            json.WriteNumber("avg_read_latency_cycles", Math.Round(result.AverageReadLatencyCycles, 3));
            json.WriteNumber("bandwidth_gbps", Math.Round(result.BandwidthGBps, 3));
            json.WriteNumber("row_hit_rate", Math.Round(result.RowHitRate, 4));
            json.WriteNumber("reads", s.Reads);
            json.WriteNumber("writes", s.Writes);
            json.WriteNumber("activates", s.Activates);
            json.WriteNumber("precharges", s.Precharges);
            json.WriteNumber("refreshes", s.Refreshes);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
