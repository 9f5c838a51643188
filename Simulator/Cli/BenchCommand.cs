using System.CommandLine;
using System.Globalization;
using Sim.Bench;
using Sim.Cosim;
using Sim.Run;

namespace Sim.Cli;

/// <summary>`sim bench engine|dram|cosim|network|mapper`: measured speed of the simulator's parts, for the README's figures.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks of the simulator itself") { Engine(), Dram(), Cosim(), Network(), MapperSearch() };

    private static Command Engine()
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
                Console.WriteLine($"engine, {components,4} components: {Config.Plural.Of(r.Events, "event", "N0")} in {r.Seconds:0.000} s = " +
                                  $"{r.EventsPerSecond / 1e6:0.0} million events/s; {r.AllocatedBytes:N0} bytes allocated while timing");
            }
            return 0;
        });
        return engine;
    }

    private static Command Dram()
    {
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
                Console.WriteLine($"dram {config.Name}, {r.Trace,-9}: {Config.Plural.Of(r.Requests, "request", "N0")} ({r.SimulatedCycles:N0} DRAM cycles) in " +
                                  $"{r.Seconds:0.000} s = {r.RequestsPerSecond / 1e6:0.00} million requests/s; {r.AllocatedBytes:N0} bytes allocated while timing");
            }
            return 0;
        });
        return dram;
    }

    private static Command Cosim()
    {
        var sizeOption = new Option<int>("--size") { Description = "Rows and columns of the square int8 array", DefaultValueFactory = _ => 16 };
        var tilesOption = new Option<int>("--tiles") { Description = "Tiles to time", DefaultValueFactory = _ => 2000 };
        var vectorsOption = new Option<int>("--vectors") { Description = "Activation vectors per tile (M)", DefaultValueFactory = _ => 256 };
        var cosim = new Command("cosim", "PE-cycles per second of the Verilated RTL against the fast and register-level models")
        {
            sizeOption, tilesOption, vectorsOption,
        };
        cosim.SetAction(parse =>
        {
            int size = parse.GetValue(sizeOption), tiles = parse.GetValue(tilesOption), m = parse.GetValue(vectorsOption);
            if (size is < 1 or > 64) throw new Config.InputError($"--size: expected 1 to 64, got {size}");
            if (tiles <= 0) throw new Config.InputError($"--tiles: expected a positive number, got {tiles}");
            if (m <= 0) throw new Config.InputError($"--vectors: expected a positive number, got {m}");
            var r = CosimBenchmark.Measure(new RtlConfig(size, size, 8), tiles, m);
            string Rate(double perSecond) => (perSecond / 1e6).ToString("N1", CultureInfo.InvariantCulture).PadLeft(10) + " M PE-cycles/s";
            Console.WriteLine($"cosim, {r.Rtl.Name} RTL, {Config.Plural.Of(r.Tiles, "tile", "N0")} of {r.M}x{size}x{size}, {r.PeCycles:N0} PE-cycles each model:");
            Console.WriteLine($"  fast model       {Rate(r.FastPeCyclesPerSecond)}");
            Console.WriteLine($"  register-level   {Rate(r.RegisterLevelPeCyclesPerSecond)}");
            Console.WriteLine($"  RTL (Verilator)  {Rate(r.RtlPeCyclesPerSecond)}");
            Console.WriteLine($"  RTL / fast model = {r.RtlPeCyclesPerSecond / r.FastPeCyclesPerSecond:0.000} (the fast model is " +
                              $"{r.FastPeCyclesPerSecond / r.RtlPeCyclesPerSecond:0.0}x faster); RTL / register-level = " +
                              $"{r.RtlPeCyclesPerSecond / r.RegisterLevelPeCyclesPerSecond:0.00}");
            return 0;
        });
        return cosim;
    }

    private static Command MapperSearch()
    {
        var scenarioArg = new Argument<string>("scenario")
        {
            Description = "Scenario YAML", Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => Path.Combine("scenarios", "zoo", "resnet50.yaml"),
        };
        var repeatsOption = new Option<int>("--repeats") { Description = "Times to map the whole network", DefaultValueFactory = _ => 20 };
        var mapper = new Command("mapper", "Time the mapper takes to map every PE-array layer of a network") { scenarioArg, repeatsOption };
        mapper.SetAction(parse =>
        {
            int repeats = parse.GetValue(repeatsOption);
            if (repeats <= 0) throw new Config.InputError($"--repeats: expected a positive number, got {repeats}");
            var scenario = Scenarios.ScenarioLoader.Load(parse.GetValue(scenarioArg)!);
            var r = MapperBenchmark.Measure(scenario, repeats);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mapper ({scenario.Hardware.Mapper.Mode}, {scenario.Hardware.Mapper.Objective}): {r.Layers} PE-array layers of " +
                $"{scenario.Name} mapped {r.Repeats} times in {r.Seconds:0.000} s = {r.SecondsPerNetwork * 1e3:0.0} ms a network"));
            return 0;
        });
        return mapper;
    }

    private static Command Network()
    {
        var scenarioArg = new Argument<string>("scenario")
        {
            Description = "Scenario YAML", Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => Path.Combine("scenarios", "zoo", "resnet50.yaml"),
        };
        var hwOption = new Option<string?>("--hw") { Description = "Hardware YAML to use instead of the scenario's" };
        var outOption = new Option<string?>("--out") { Description = "Report folder (default: a temporary folder, deleted after)" };
        var network = new Command("network", "Wall time, peak memory and host time per phase of a whole `sim run`")
        {
            scenarioArg, hwOption, outOption,
        };
        network.SetAction(parse =>
        {
            string? outDir = parse.GetValue(outOption);
            string directory = outDir ?? Directory.CreateTempSubdirectory("sim-bench-network-").FullName;
            try
            {
                var r = NetworkBenchmark.Measure(parse.GetValue(scenarioArg)!, parse.GetValue(hwOption), directory);
                Console.Write(LayerTable.Format(r.Run, totalOnly: true));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wall {r.WallSeconds:0.00} s, host CPU {r.CpuSeconds:0.00} s ({r.CpuSeconds / r.WallSeconds:0.00} cores), " +
                    $"peak working set {r.PeakWorkingSetBytes / 1048576.0:0} MiB, peak GC heap {r.PeakGcHeapBytes / 1048576.0:0} MiB, " +
                    $"{Environment.ProcessorCount} cores, exit code {r.ExitCode}"));
                Console.WriteLine("host time per phase (the golden model runs on another thread, beside the others):");
                Console.WriteLine($"  {"phase",-48} {"wall s",8} {"CPU s",8}");
                foreach (var (phase, wall, cpu) in r.Phases)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-48} {wall,8:0.000} {cpu,8:0.000}"));
                return r.ExitCode;
            }
            finally
            {
                if (outDir == null) Directory.Delete(directory, recursive: true);
            }
        });
        return network;
    }
}
