namespace Sim.Tests.Robustness;

/// <summary>
/// One mutated input file: its mutation class (the counts are per class), the change in words (a failure names it),
/// the bytes written in place of the file, and whether the change can leave a legal file (a deleted optional key, a
/// number still in range), the only case in which the command may succeed.
/// </summary>
internal sealed record Mutant(string Class, string Change, byte[] Content, bool MayStayValid);
