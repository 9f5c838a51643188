using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Sim.Config;

namespace Sim.Cosim;

/// <summary>
/// Compiles a Verilog PE array and its C ABI wrapper (<c>Simulator/Rtl/</c>, embedded in this
/// assembly) into one shared library per <see cref="RtlConfig"/> with Verilator, and caches it.
/// The configuration's dataflow picks the array: <c>pe_array.v</c> with <c>cosim_wrapper.cpp</c>,
/// or <c>os_array.v</c> with <c>os_cosim_wrapper.cpp</c>.
/// </summary>
/// <remarks>
/// The cache lives in <c>$XDG_CACHE_HOME/sim-rtl/</c> (default <c>~/.cache/sim-rtl/</c>), one
/// directory per build named by the configuration and a hash of everything that shapes the
/// binary: the sources, the configuration, the Verilator command line and
/// <c>verilator --version</c>. A warm run only hashes and loads. A build runs in a private staging
/// directory and is published by renaming it into place, so processes building the same
/// configuration at once cannot see a half-written library: one rename wins, the others find it.
/// </remarks>
internal static class RtlBuilder
{
    public const string LibraryFileName = "libsimpe.so";

    /// <summary>An array's Verilog files in the order Verilator takes them (its top module last) and its wrapper.</summary>
    private sealed record RtlFiles(string[] Verilog, string Wrapper)
    {
        /// <summary>Every file that shapes the library: the Verilog, the wrapper, its shared header and the export list.</summary>
        public IEnumerable<string> Sources => [.. Verilog, Wrapper, "cosim_common.h", "cosim_exports.map"];
    }

    private static readonly RtlFiles WeightStationaryFiles = new(["pe.v", "pe_array.v"], "cosim_wrapper.cpp");
    private static readonly RtlFiles OutputStationaryFiles = new(["os_pe.v", "os_array.v"], "os_cosim_wrapper.cpp");

    private static RtlFiles FilesOf(RtlConfig config) => config.OutputStationary ? OutputStationaryFiles : WeightStationaryFiles;

    private static readonly string[] RequiredTools = ["verilator", "make", "g++"];

    private static readonly Lazy<string> VerilatorVersion = new(() => RunForOutput("verilator", "--version").Trim());

    // Builds in one process are serialised: they are CPU-bound and would only compete.
    private static readonly Lock BuildLock = new();

    public static string CacheRoot
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(root, "sim-rtl");
        }
    }

    /// <summary>Whether <see cref="Build"/> would find <paramref name="config"/>'s library in the cache.</summary>
    /// <exception cref="InputError">Verilator, make or g++ is not installed.</exception>
    public static bool IsCached(RtlConfig config) => File.Exists(LibraryPath(config, out _));

    /// <summary>The absolute path of the library for <paramref name="config"/>, building it first if it is not cached.</summary>
    /// <exception cref="InputError">Verilator, make or g++ is not installed.</exception>
    public static string Build(RtlConfig config)
    {
        string library = LibraryPath(config, out var sources);
        if (File.Exists(library))
            return library;

        lock (BuildLock)
        {
            if (File.Exists(library))
                return library;
            Directory.CreateDirectory(CacheRoot);
            string directory = Path.GetDirectoryName(library)!;
            string staging = Path.Combine(CacheRoot, $".staging-{Path.GetFileName(directory)}-{Environment.ProcessId}-{Guid.NewGuid():N}");
            string output = Path.Combine(staging, "out");
            Directory.CreateDirectory(output);
            foreach (var (name, text) in sources)
                File.WriteAllText(Path.Combine(output, name), text);

            string log = Path.Combine(output, "build.log");
            int exitCode = RunVerilator(VerilatorArguments(config, output), output, log);
            if (exitCode != 0 || !File.Exists(Path.Combine(output, "obj", LibraryFileName)))
                throw new InvalidOperationException(
                    $"Verilator could not build the {config.Name} {config.TopModule} (exit code {exitCode}); its log is {log}:{Environment.NewLine}" +
                    string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(15)));

            // Keep the library, the sources it came from and the log; drop Verilator's object files.
            File.Move(Path.Combine(output, "obj", LibraryFileName), Path.Combine(output, LibraryFileName));
            Directory.Delete(Path.Combine(output, "obj"), recursive: true);
            try
            {
                Directory.Move(output, directory);
            }
            catch (IOException) when (File.Exists(library))
            {
                // Another process published the same build first; theirs is identical.
            }
            Directory.Delete(staging, recursive: true);
            return library;
        }
    }

    private static string LibraryPath(RtlConfig config, out Dictionary<string, string> sources)
    {
        if (config.OutputStationary && config.WeightBuffers != 1)
            throw new ArgumentException($"{config.Name}: the output-stationary array holds no weights, so it has no second weight buffer");
        RequireTools();
        sources = FilesOf(config).Sources.ToDictionary(name => name, ReadSource);
        return Path.Combine(CacheRoot, $"{config.Name}-{Hash(config, sources)}", LibraryFileName);
    }

    /// <summary>
    /// The Verilator command line. The library is built as Verilator's "executable" (--exe with the
    /// wrapper as its only C++ file) linked with -shared; -fPIC because it is loaded at any address;
    /// -fvisibility=hidden and the version script because several configurations share one process.
    /// </summary>
    private static List<string> VerilatorArguments(RtlConfig config, string directory)
    {
        var files = FilesOf(config);
        string shape = $"-DSIM_ROWS={config.Rows} -DSIM_COLS={config.Cols} -DSIM_WIDTH={config.OperandWidth} -DSIM_COUNT_WIDTH={config.CounterWidth}" +
                       (config.Coverage ? " -DSIM_COVERAGE" : "");
        var arguments = new List<string>
        {
            "--cc", "--exe", "--build", "--trace", "-Wall",
            "--top-module", config.TopModule, "--prefix", "V" + config.TopModule,
            $"-GROWS={config.Rows}", $"-GCOLS={config.Cols}", $"-GWIDTH={config.OperandWidth}", $"-GCOUNT_WIDTH={config.CounterWidth}",
            "-CFLAGS", $"-fPIC -fvisibility=hidden -fvisibility-inlines-hidden {shape}",
            "-LDFLAGS", $"-shared -Wl,--version-script={Path.Combine(directory, "cosim_exports.map")}",
            "-MAKEFLAGS", "OPT_FAST=-O2",
            "-j", Environment.ProcessorCount.ToString(),
            "--Mdir", "obj", "-o", LibraryFileName,
        };
        if (!config.OutputStationary)
            arguments.Add($"-GWEIGHT_BUFFERS={config.WeightBuffers}");
        if (config.Coverage)
            arguments.AddRange(["--coverage-line", "--coverage-toggle"]);
        arguments.AddRange(config.Defines.Select(d => "-D" + d));
        arguments.AddRange([.. files.Verilog, files.Wrapper]);
        return arguments;
    }

    private static string Hash(RtlConfig config, Dictionary<string, string> sources)
    {
        var text = new StringBuilder();
        foreach (var (name, content) in sources)
            text.Append(name).Append('\0').Append(content).Append('\0');
        text.Append(config.Name).Append('\0');
        text.AppendJoin(' ', VerilatorArguments(config, "<dir>")).Append('\0');
        text.Append(VerilatorVersion.Value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static string ReadSource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Rtl/" + name)
            ?? throw new InvalidOperationException($"Simulator/Rtl/{name} is not embedded in the simulator assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void RequireTools()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var missing = RequiredTools.Where(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool)))).ToList();
        if (missing.Count > 0)
            throw new InputError(
                $"cosimulation builds the Verilog PE array with verilator, make and g++; not found on PATH: {string.Join(", ", missing)} " +
                "(on Debian: apt-get install verilator make g++)");
    }

    private static int RunVerilator(List<string> arguments, string workingDirectory, string logPath)
    {
        var start = new ProcessStartInfo("verilator")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        File.WriteAllText(logPath, "verilator " + string.Join(' ', arguments) + Environment.NewLine + stdout + stderr.Result);
        return process.ExitCode;
    }

    private static string RunForOutput(string tool, string argument)
    {
        var start = new ProcessStartInfo(tool, argument) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
