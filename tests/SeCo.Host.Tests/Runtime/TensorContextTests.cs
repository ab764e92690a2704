using SeCo.Host.Runtime;
using SeCo.Sdk.Tensors;
using TorchSharp;

namespace SeCo.Host.Tests.Runtime;

public sealed class TensorContextTests
{
    [Fact]
    public void Torch_native_library_loads_and_creates_a_tensor()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(6, dtype: torch.float32).reshape(2, 3);

        t.sum().item<float>().Should().Be(15f);
        t.shape.Should().Equal(2L, 3L);
    }

    [Fact]
    public void Cpu_context_has_no_reduced_precision()
    {
        using var context = TensorContext.Create("cpu", torch.ScalarType.Float16);

        context.Device.type.Should().Be(DeviceType.CPU);
        context.ReducedPrecision.Should().BeNull();
    }

    [Fact]
    public void Unknown_device_is_a_clear_error()
    {
        var act = () => TensorContext.Create("tpu");

        act.Should().Throw<ArgumentException>().WithMessage("*tpu*");
    }

    [Fact]
    public async Task Device_lease_is_exclusive_until_released()
    {
        using var context = TensorContext.Create("cpu");
        var first = await context.AcquireDeviceAsync(CancellationToken.None);

        var second = context.AcquireDeviceAsync(CancellationToken.None);
        await Task.Delay(50);
        second.IsCompleted.Should().BeFalse();

        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public void Model_cache_creates_once_and_disposes_on_evict()
    {
        using var cache = new ModelCache();
        var created = 0;
        var a = cache.GetOrCreate("m", () => { created++; return new Disposable(); });
        var b = cache.GetOrCreate("m", () => { created++; return new Disposable(); });

        created.Should().Be(1);
        b.Should().BeSameAs(a);
        cache.Evict("m").Should().BeTrue();
        a.Disposed.Should().BeTrue();
    }

    private sealed class Disposable : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
