using Sim.Config;

namespace Sim.Tests.Config;

public class PluralTests
{
    [TestCase(0, "0 layers")]
    [TestCase(1, "1 layer")]
    [TestCase(2, "2 layers")]
    public void ACountAgreesWithItsNoun(long count, string expected) => Assert.That(Plural.Of(count, "layer"), Is.EqualTo(expected));

    [Test]
    public void ThousandsAreSeparatedWhenAsked()
    {
        Assert.That(Plural.Of(60_000, "image", "N0"), Is.EqualTo("60,000 images"));
        Assert.That(Plural.Of(1, "distinct point"), Is.EqualTo("1 distinct point"));
    }
}
