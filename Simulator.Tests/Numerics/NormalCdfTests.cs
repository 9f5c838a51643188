using Sim.Numerics;

namespace Sim.Tests.Numerics;

/// <summary>Phi and erfc against the C library's erfc (as Python's math.erfc prints it): within 2e-16 absolute, 1e-12 relative.</summary>
[TestFixture]
public class NormalCdfTests
{
    [TestCase(0.0, 1.0)]
    [TestCase(0.5, 0.4795001221869535)]
    [TestCase(1.0, 0.15729920705028513)]
    [TestCase(1.9, 0.0072095707647425325)]
    [TestCase(2.0, 0.004677734981047266)]
    [TestCase(3.0, 2.209049699858544e-05)]
    [TestCase(5.0, 1.5374597944280349e-12)]
    public void Erfc(double z, double expected) => Assert.That(NormalCdf.Erfc(z), Is.EqualTo(expected).Within(2e-16 + 1e-12 * expected));

    [Test]
    public void PhiAtHandPoints()
    {
        Assert.That(NormalCdf.Phi(0), Is.EqualTo(0.5));
        Assert.That(NormalCdf.Phi(1.96), Is.EqualTo(0.9750021048517795).Within(1e-15));
        Assert.That(NormalCdf.Phi(-1) + NormalCdf.Phi(1), Is.EqualTo(1).Within(1e-16));
    }
}
