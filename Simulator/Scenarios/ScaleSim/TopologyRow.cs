using System.Numerics;
using Sim.Config;

namespace Sim.Scenarios.ScaleSim;

/// <summary>One layer row of a topology: its cells read by column, every failure an error at the cell.</summary>
internal sealed class TopologyRow
{
    private readonly string _path;
    private readonly int _line;
    private readonly string _text;
    private readonly TopologyForm _form;
    private readonly IReadOnlyList<CsvCell> _cells;

    /// <param name="line">The row's 1-based line in the file.</param>
    public TopologyRow(string path, int line, string text, TopologyForm form)
    {
        _path = path; _line = line; _text = text; _form = form;
        _cells = CsvCell.Split(text);
        if (_cells.Count > form.Columns.Count)
            throw new InputError(path, line, _cells[form.Columns.Count].Column,
                $"column {form.Columns.Count + 1}: expected the end of the row ({form.Row})");
    }

    public string Name => _cells[0].Text.Length > 0 ? _cells[0].Text : throw Error(0, "expected a layer name, got nothing");

    /// <summary>Whether the row has column <paramref name="index"/> (an optional one).</summary>
    public bool Has(int index) => index < _cells.Count;

    /// <summary>Column <paramref name="index"/> as an integer from 1 to <paramref name="max"/>, a sanity bound.</summary>
    public int Positive(int index, int max)
    {
        if (!Has(index))
            throw new InputError(_path, _line, _text.TrimEnd().Length + 1,
                $"column '{_form.Columns[index]}': expected a positive integer, got the end of the row ({_form.Row})");
        string text = _cells[index].Text;
        if (text.Length == 0)
            throw Error(index, "expected a positive integer, got nothing");
        // Digits only: SCALE-Sim reads each value with Python's int(), which takes no fraction or exponent either.
        if (!IsInteger(text, out var value))
            throw Error(index, $"expected a positive integer, got '{Excerpt.Of(text)}'");
        if (value < 1)
            throw Error(index, $"expected a positive integer, got '{text}'");
        if (value > max)
            throw Error(index, $"expected a positive integer no larger than {max} (sanity bound), got '{Excerpt.Of(text)}'");
        return (int)value;
    }

    /// <summary>An error at the cell of column <paramref name="index"/>: "column 'IFMAP Height': reason".</summary>
    public InputError Error(int index, string reason) =>
        new(_path, _line, _cells[index].Column, $"column '{_form.Columns[index]}': {reason}");

    /// <summary>An error about the whole layer, at the start of its row.</summary>
    public InputError LayerError(string reason) => new(_path, _line, 1, $"layer '{Excerpt.Of(Name)}': {reason}");

    /// <summary>An optionally signed run of digits, of any length.</summary>
    public static bool IsInteger(string text, out BigInteger value)
    {
        value = default;
        string digits = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
               && BigInteger.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
