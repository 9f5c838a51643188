using System.Text.RegularExpressions;

namespace Sim.Tests.Robustness;

/// <summary>Where an error line may point: a file (at a line and column, if <c>Positioned</c>), and the key the reason
/// must start with, if any.</summary>
internal sealed record ErrorPlace(string File, bool Positioned, string? Key = null)
{
    public bool Holds(string line)
    {
        if (!Positioned) return line.StartsWith("error: ") && line.Contains(File);
        if (!line.StartsWith(File + ":")) return false;
        var m = MutantVerdict.Position().Match(line[(File.Length + 1)..]);
        return m.Success && (Key is null || line[(File.Length + 1 + m.Length)..].StartsWith(Key + ": "));
    }
}

/// <summary>
/// What a command must do with a mutant: finish in time within its memory bound, and either succeed (only where the
/// mutation can leave a legal file) or exit 2 with exactly one error line naming the file (at a line and column for
/// YAML), with no stack trace.
/// </summary>
internal static partial class MutantVerdict
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Far above what any shipped input needs (a few MiB to validate, tens to run a tiny model).</summary>
    public const long MaxAllocatedBytes = 1L << 30;

    /// <summary>Null when the outcome is acceptable, else why not.</summary>
    /// <param name="places">Where the error may point: the mutated file, or the key of another file that names it.</param>
    public static string? Judge(Mutant mutant, SimOutcome o, IReadOnlyList<ErrorPlace> places)
    {
        if (o.Exit is null) return $"did not finish within {Timeout.TotalSeconds} s";
        if (o.AllocatedBytes > MaxAllocatedBytes) return $"allocated {o.AllocatedBytes >> 20} MiB";
        if (o.Exit == 0) return mutant.MayStayValid ? null : "accepted an input that cannot be valid";
        string[] lines = o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string first = lines.FirstOrDefault() ?? "";
        if (o.Exit != 2) return $"exit {o.Exit} (expected 2 for bad input): {first}";
        if (lines.Length != 1) return $"{lines.Length} lines on stderr, expected one: {string.Join(" | ", lines.Take(4))}";
        if (o.Stderr.Contains("   at ") || o.Stderr.Contains("Exception")) return $"a stack trace or exception name: {first}";
        return places.Any(p => p.Holds(first)) ? null : $"does not point at {string.Join(" or ", places)}: {first}";
    }

    [GeneratedRegex(@"^\d+:\d+: error: ")]
    internal static partial Regex Position();
}
