using Sim.Config;

namespace Sim.Tests.Config;

public class ExcerptTests
{
    [Test]
    public void ShortTextIsQuotedWhole() => Assert.That(Excerpt.Of("gemn"), Is.EqualTo("gemn"));

    [Test]
    public void LongTextIsCutToFortyCharactersWithAnEllipsis()
    {
        string cut = Excerpt.Of(new string('a', 100));
        Assert.That(cut, Is.EqualTo(new string('a', 37) + "..."));
        Assert.That(cut, Has.Length.EqualTo(Excerpt.MaxChars));
        Assert.That(Excerpt.Of(new string('b', 40)), Is.EqualTo(new string('b', 40)), "exactly 40 fits");
    }

    [Test]
    public void ControlCharactersAreEscaped() =>
        Assert.That(Excerpt.Of("a\u001b[31mb\tc\nd\0"), Is.EqualTo("a\\u001B[31mb\\tc\\nd\\u0000"));

    [Test]
    public void AnInvisibleDirectionOverrideIsEscaped() =>
        Assert.That(Excerpt.Of("abc\u202Edef"), Is.EqualTo("abc\\u202Edef"));

    [Test]
    public void TheCutNeverSplitsAnEscapeOrASurrogatePair()
    {
        // 36 letters, then a newline: its escape "\n" would end at 38, past the 37 before the ellipsis.
        Assert.That(Excerpt.Of(new string('a', 36) + "\n" + new string('z', 10)), Is.EqualTo(new string('a', 36) + "..."));
        // 36 letters, then U+1F600 (two UTF-16 units) would also end at 38.
        Assert.That(Excerpt.Of(new string('a', 36) + "\U0001F600" + new string('z', 10)), Is.EqualTo(new string('a', 36) + "..."));
    }

    [Test]
    public void EscapeKeepsTheWholeText()
    {
        string path = "/tmp/" + new string('d', 60) + "/x\u001b.yaml";
        Assert.That(Excerpt.Escape(path), Is.EqualTo("/tmp/" + new string('d', 60) + "/x\\u001B.yaml"));
    }
}
