using System.CommandLine;
using Sim.Bench;

namespace Sim.Cli;

/// <summary>`sim bench engine` and `sim bench dram`: measured speed of the simulator's parts, for the README's figures.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var eventsOption = new Option<long>("--events") { Description = "Events to time", DefaultValueFactory = _ => 20_000_000 };
        var engine = new Command("engine", "Events per second of the discrete-event engine") { eventsOption };
        engine.SetAction(parse =>
        {
            long events = parse.GetValue(eventsOption);
            if (events <= 0) throw new Config.InputError($"--events: expected a positive number, got {events}");
            // Throughput depends on how many events wait in the queue: report a small, a typical
            // and a crowded simulation.
            foreach (int components in new[] { 16, 128, 1024 })
            {
                var r = EngineBenchmark.Measure(events, components);
                Console.WriteLine($"engine, {components,4} components: {r.Events:N0} events in {r.Seconds:0.000} s = " +
                                  $"{r.EventsPerSecond / 1e6:0.0} million events/s; {r.AllocatedBytes:N0} bytes allocated while timing");
            }
            return 0;
        });
        var requestsOption = new Option<int>("--requests") { Description = "Requests per trace", DefaultValueFactory = _ => 2_000_000 };
        var presetOption = new Option<string>("--preset") { Description = "DRAM preset", DefaultValueFactory = _ => "ddr4-2400" };
        var dram = new Command("dram", "Simulated requests per second of the DRAM model") { requestsOption, presetOption };
        dram.SetAction(parse =>
        {
            int requests = parse.GetValue(requestsOption);
            if (requests <= 0) throw new Config.InputError($"--requests: expected a positive number, got {requests}");
            var config = Memory.Dram.DramPresets.Load(parse.GetValue(presetOption)!);
            int burst = config.Organization.BytesPerBurst;
            foreach (var (name, trace) in new[]
                     {
                         ("streaming", DramBenchmark.Streaming(requests, burst)),
                         ("random", DramBenchmark.Random(requests, burst, seed: 1)),
                     })
            {
                var r = DramBenchmark.Measure(config, name, trace);
                Console.WriteLine($"dram {config.Name}, {r.Trace,-9}: {r.Requests:N0} requests ({r.SimulatedCycles:N0} DRAM cycles) in " +
                                  $"{r.Seconds:0.000} s = {r.RequestsPerSecond / 1e6:0.00} million requests/s; {r.AllocatedBytes:N0} bytes allocated while timing");
            }
            return 0;
        });
        return new Command("bench", "Benchmarks of the simulator itself") { engine, dram };
    }
}
