namespace Sim.Memory.Dram;

/// <summary>
/// DRAMSim3's names for address mappings, as its configs' <c>address_mapping</c> key spells them: the six
/// fields in two letters each, most significant first: <c>ch</c>annel, <c>ra</c>nk, <c>bg</c> (bank group),
/// <c>ba</c>nk, <c>ro</c>w, <c>co</c>lumn. Its configs use rochrababgco (DDR3, DDR4, LPDDR, GDDR),
/// rorabgbachco (HBM, HBM2) and rocorabgbach (HMC); its default is chrobabgraco. A name is read as the order
/// of fields it spells, so every name DRAMSim3 accepts is accepted. DRAMSim3 takes each field's bits from the
/// address, Sim its digit in the field's radix (<see cref="AddressMapper"/>): the same when every count is a
/// power of two.
/// </summary>
internal static class Dramsim3MappingName
{
    public static readonly IReadOnlyList<(string Letters, AddressField Field)> Fields =
        [("ch", AddressField.Channel), ("ra", AddressField.Rank), ("bg", AddressField.BankGroup),
         ("ba", AddressField.Bank), ("ro", AddressField.Row), ("co", AddressField.Column)];

    private static string Letters => string.Join(", ", Fields.Select(f => f.Letters));

    /// <summary>
    /// The fields <paramref name="name"/> spells, most significant first; or null, and in
    /// <paramref name="problem"/> what is wrong with it.
    /// </summary>
    public static AddressField[]? Parse(string name, out string problem)
    {
        problem = "";
        if (name.Length != 2 * Fields.Count)
        {
            problem = $"'{name}' is not a DRAMSim3 mapping name: expected six two-letter fields ({Letters}), each once, " +
                      "most significant first, such as rochrababgco";
            return null;
        }
        var order = new AddressField[Fields.Count];
        for (int i = 0; i < order.Length; i++)
        {
            string letters = name.Substring(2 * i, 2);
            int known = Fields.ToList().FindIndex(f => f.Letters == letters);
            if (known < 0)
            {
                problem = $"'{name}': '{letters}' (letters {2 * i + 1}-{2 * i + 2}) is not one of {Letters}";
                return null;
            }
            if (order.Take(i).Contains(Fields[known].Field))
            {
                problem = $"'{name}': '{letters}' appears twice (expected each of {Letters} once)";
                return null;
            }
            order[i] = Fields[known].Field;
        }
        return order;
    }
}
