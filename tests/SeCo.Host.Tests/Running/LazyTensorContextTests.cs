using SeCo.Host.Hosting;

namespace SeCo.Host.Tests.Running;

public sealed class LazyTensorContextTests
{
    [Fact]
    public void Context_is_created_only_when_first_used()
    {
        using var context = new LazyTensorContext("cpu");

        context.IsCreated.Should().BeFalse();
        context.Device.type.Should().Be(TorchSharp.DeviceType.CPU);
        context.IsCreated.Should().BeTrue();
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void Unknown_device_names_are_refused_up_front(string device)
    {
        var create = () => new LazyTensorContext(device);

        create.Should().Throw<ArgumentException>().WithMessage("*expected auto, cpu, cuda or cuda:N*");
    }
}
