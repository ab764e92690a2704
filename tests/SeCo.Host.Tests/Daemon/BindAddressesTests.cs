using SeCo.Host.Daemon;

namespace SeCo.Host.Tests.Daemon;

public sealed class BindAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.1.2.3:80/", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://192.168.1.10:5080", false)]
    [InlineData("https://example.org", false)]
    public void Only_loopback_hosts_count_as_loopback(string url, bool loopback) =>
        BindAddresses.IsLoopback(url).Should().Be(loopback);

    [Fact]
    public void Url_without_a_scheme_is_a_format_error() =>
        FluentActions.Invoking(() => BindAddresses.IsLoopback("127.0.0.1:5080")).Should().Throw<FormatException>().WithMessage("*scheme://host:port*");

    [Fact]
    public void Several_urls_are_split_on_semicolons() =>
        BindAddresses.Split(" http://127.0.0.1:1 ;http://[::1]:2;").Should().Equal("http://127.0.0.1:1", "http://[::1]:2");
}
