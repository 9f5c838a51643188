namespace Sim.Memory.Dram;

/// <summary>
/// Splits a byte address into channel, rank, bank group, bank, row and column. The burst offset
/// (log2 of bytes per burst) is dropped first; then the fields take their digits from the least
/// significant end in the reverse of the configured order, which lists them most significant first
/// (<c>[row, bank, rank, column, bankgroup, channel]</c> puts consecutive bursts on consecutive
/// channels). Each field is a digit in the field's own radix, so counts need not be powers of two;
/// a power of two costs a mask and a shift instead of a division. Addresses beyond the capacity wrap.
/// </summary>
internal sealed class AddressMapper
{
    private readonly AddressField[] _leastSignificantFirst;
    private readonly long[] _radix;
    private readonly int[] _shift; // log2 of the radix, or -1 when it is not a power of two
    private readonly int _burstOffsetBits;

    public int BytesPerBurst { get; }

    public AddressMapper(DramConfig config)
    {
        var org = config.Organization;
        if (!IsPowerOfTwo(org.BytesPerBurst))
            throw new ArgumentException("bytes per burst must be a power of two", nameof(config));
        BytesPerBurst = org.BytesPerBurst;
        _burstOffsetBits = Log2(org.BytesPerBurst);
        var order = config.Controller.AddressMapping;
        _leastSignificantFirst = order.Reverse().ToArray();
        _radix = new long[order.Count];
        _shift = new int[order.Count];
        for (int i = 0; i < _leastSignificantFirst.Length; i++)
        {
            long radix = _leastSignificantFirst[i] switch
            {
                AddressField.Channel => config.Channels,
                AddressField.Rank => org.Ranks,
                AddressField.BankGroup => org.BankGroups,
                AddressField.Bank => org.BanksPerGroup,
                AddressField.Row => org.Rows,
                _ => org.Columns,
            };
            _radix[i] = radix;
            _shift[i] = IsPowerOfTwo(radix) ? Log2(radix) : -1;
        }
    }

    public DramAddress Map(long address)
    {
        ulong rest = (ulong)address >> _burstOffsetBits;
        int channel = 0, rank = 0, group = 0, bank = 0, row = 0, column = 0;
        for (int i = 0; i < _leastSignificantFirst.Length; i++)
        {
            int digit;
            int shift = _shift[i];
            if (shift >= 0)
            {
                digit = (int)(rest & ((1UL << shift) - 1));
                rest >>= shift;
            }
            else
            {
                ulong radix = (ulong)_radix[i];
                digit = (int)(rest % radix);
                rest /= radix;
            }
            switch (_leastSignificantFirst[i])
            {
                case AddressField.Channel: channel = digit; break;
                case AddressField.Rank: rank = digit; break;
                case AddressField.BankGroup: group = digit; break;
                case AddressField.Bank: bank = digit; break;
                case AddressField.Row: row = digit; break;
                default: column = digit; break;
            }
        }
        return new DramAddress(channel, rank, group, bank, row, column);
    }

    private static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;

    private static int Log2(long n) => 63 - (int)long.LeadingZeroCount(n);
}
