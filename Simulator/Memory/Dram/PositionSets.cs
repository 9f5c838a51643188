using System.Numerics;

namespace Sim.Memory.Dram;

/// <summary>
/// A few sets of queue positions (age ranks: 0 is the oldest request), as bit masks of one or more
/// 64-bit words each. Walking a union of sets bit by bit visits its requests oldest first, which is
/// what first-come-first-served needs, while the requests outside it cost nothing. When a request
/// leaves, every younger one moves up a rank, so every set closes the gap.
/// </summary>
internal sealed class PositionSets
{
    private readonly ulong[] _bits; // set x Words + word
    private readonly int _sets;

    /// <summary>The number of sets.</summary>
    public int Count => _sets;

    /// <summary>The number of 64-bit words a set takes.</summary>
    public int Words { get; }

    public PositionSets(int sets, int capacity)
    {
        _sets = sets;
        Words = (capacity + 63) >> 6;
        _bits = new ulong[sets * Words];
    }

    public void Add(int set, int position) => _bits[set * Words + (position >> 6)] |= 1UL << position;

    public void Remove(int set, int position) => _bits[set * Words + (position >> 6)] &= ~(1UL << position);

    public ReadOnlySpan<ulong> Of(int set) => _bits.AsSpan(set * Words, Words);

    /// <summary>Removes <paramref name="position"/> from every set and moves the positions above it down one.</summary>
    public void CloseGap(int position)
    {
        int first = position >> 6;
        ulong below = (1UL << position) - 1; // the shift count is taken mod 64: the bits below, in its word
        for (int s = 0; s < _sets; s++)
        {
            var words = _bits.AsSpan(s * Words, Words);
            ulong word = words[first];
            words[first] = (word & below) | ((word >> 1) & ~below);
            for (int w = first + 1; w < words.Length; w++)
            {
                words[w - 1] |= words[w] << 63;
                words[w] >>= 1;
            }
        }
    }

    /// <summary>The lowest position in <paramref name="word"/> (which is word <paramref name="index"/>), and clears it there.</summary>
    public static int TakeLowest(ref ulong word, int index)
    {
        int bit = BitOperations.TrailingZeroCount(word);
        word &= word - 1;
        return (index << 6) + bit;
    }
}
