using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions;

public sealed class PythonFloatTests
{
    [Theory]
    [InlineData(87.5, "87.5")]
    [InlineData(100.0, "100.0")]
    [InlineData(33.33, "33.33")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000015, "1.5e-05")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345e17, "1.2345e+17")]
    [InlineData(1e100, "1e+100")]
    [InlineData(-2.5e-300, "-2.5e-300")]
    [InlineData(0.5869327024793388, "0.5869327024793388")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Float_repr_matches_python(double value, string expected)
    {
        PythonFloat.Repr(value).Should().Be(expected);
    }

    [Fact]
    public void Float_repr_round_trips_random_doubles()
    {
        var random = new Random(8);
        for (var i = 0; i < 2000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            double.Parse(PythonFloat.Repr(value), System.Globalization.CultureInfo.InvariantCulture).Should().Be(value);
        }
    }
}
