using System.Text.RegularExpressions;

namespace Sim.Tests.Robustness;

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
    /// <param name="file">The mutated file, which the error must name.</param>
    /// <param name="positioned">The error must give the file's line and column (a YAML file's errors do).</param>
    public static string? Judge(Mutant mutant, SimOutcome o, string file, bool positioned)
    {
        if (o.Exit is null) return $"did not finish within {Timeout.TotalSeconds} s";
        if (o.AllocatedBytes > MaxAllocatedBytes) return $"allocated {o.AllocatedBytes >> 20} MiB";
        if (o.Exit == 0) return mutant.MayStayValid ? null : "accepted an input that cannot be valid";
        string[] lines = o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string first = lines.FirstOrDefault() ?? "";
        if (o.Exit != 2) return $"exit {o.Exit} (expected 2 for bad input): {first}";
        if (lines.Length != 1) return $"{lines.Length} lines on stderr, expected one: {string.Join(" | ", lines.Take(4))}";
        if (o.Stderr.Contains("   at ") || o.Stderr.Contains("Exception")) return $"a stack trace or exception name: {first}";
        if (positioned)
            return first.StartsWith(file + ":") && Position().IsMatch(first[(file.Length + 1)..]) ? null : $"not 'FILE:LINE:COL: error: ...': {first}";
        return first.StartsWith("error: ") && first.Contains(file) ? null : $"not 'error: ...' naming {file}: {first}";
    }

    [GeneratedRegex(@"^\d+:\d+: error: \S")]
    private static partial Regex Position();
}
