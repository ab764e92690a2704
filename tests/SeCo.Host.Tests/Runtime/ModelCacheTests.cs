using SeCo.Host.Runtime;
using SeCo.Sdk.Tensors;
using TorchSharp;

namespace SeCo.Host.Tests.Runtime;

public sealed class ModelCacheTests
{
    [Fact]
    public void Second_lease_reuses_the_model_without_calling_the_factory()
    {
        using var cache = new ModelCache(budgetBytes: 10_000);
        var events = new List<ModelCacheEvent>();
        var calls = 0;

        using (var first = cache.Lease("m", () => { calls++; return new Sized(100); }, events.Add))
        {
            first.Loaded.Should().BeTrue();
        }

        using var second = cache.Lease("m", () => { calls++; return new Sized(100); }, events.Add);

        calls.Should().Be(1);
        second.Loaded.Should().BeFalse();
        events.Select(e => (e.Kind, e.Key, e.Bytes)).Should().Equal(
            (ModelCacheEventKind.Loaded, "m", 100L), (ModelCacheEventKind.Reused, "m", 100L));
        events[1].LoadTime.Should().Be(TimeSpan.Zero);
        cache.CachedBytes.Should().Be(100);
    }

    [Fact]
    public void Least_recently_used_models_are_evicted_and_disposed_first_when_over_budget()
    {
        using var cache = new ModelCache(budgetBytes: 250);
        var models = new Dictionary<string, Sized>();
        var events = new List<ModelCacheEvent>();
        void Use(string key) => cache.Lease(key, () => models[key] = new Sized(100), events.Add).Dispose();

        Use("a");
        Use("b");
        Use("a");   // a is now more recent than b
        Use("c");   // 300 > 250: b goes
        Use("d");   // a is the oldest now

        events.Where(e => e.Kind == ModelCacheEventKind.Evicted).Select(e => e.Key).Should().Equal("b", "a");
        models["b"].Disposed.Should().BeTrue();
        models["a"].Disposed.Should().BeTrue();
        models["c"].Disposed.Should().BeFalse();
        cache.Keys.Should().BeEquivalentTo(["c", "d"]);
        cache.CachedBytes.Should().Be(200);
        events.Last(e => e.Kind == ModelCacheEventKind.Evicted).CachedBytes.Should().Be(200);
    }

    [Fact]
    public void Leased_model_is_not_evicted_until_released()
    {
        using var cache = new ModelCache(budgetBytes: 150);
        var held = new Sized(100);
        var events = new List<ModelCacheEvent>();
        var lease = cache.Lease("held", () => held, events.Add);

        using (cache.Lease("other", () => new Sized(100), events.Add))
        {
            held.Disposed.Should().BeFalse("a model in use is never evicted, even over budget");
            cache.CachedBytes.Should().Be(200);
        }

        // "other" was released first, so it is the only candidate while "held" is still leased.
        cache.Keys.Should().Equal("held");
        lease.Dispose();
        held.Disposed.Should().BeFalse();
        cache.CachedBytes.Should().Be(100);
        events.Where(e => e.Kind == ModelCacheEventKind.Evicted).Select(e => e.Key).Should().Equal("other");
    }

    [Fact]
    public void Model_over_budget_while_leased_is_evicted_when_its_last_lease_is_released()
    {
        using var cache = new ModelCache(budgetBytes: 50);
        var big = new Sized(100);
        var first = cache.Lease("big", () => big);
        var second = cache.Lease("big", () => new Sized(100));

        first.Dispose();
        big.Disposed.Should().BeFalse("a second lease still holds it");
        second.Dispose();

        big.Disposed.Should().BeTrue();
        cache.Keys.Should().BeEmpty();
    }

    [Fact]
    public void Explicit_evict_of_a_leased_model_disposes_it_on_release()
    {
        using var cache = new ModelCache();
        var model = new Sized(10);
        var lease = cache.Lease("m", () => model);

        cache.Evict("m").Should().BeTrue();
        cache.Keys.Should().BeEmpty();
        model.Disposed.Should().BeFalse();

        lease.Dispose();
        model.Disposed.Should().BeTrue();
    }

    [Fact]
    public void Failed_factory_leaves_no_entry_and_the_next_call_retries()
    {
        using var cache = new ModelCache();

        var act = () => cache.Lease<Sized>("m", () => throw new IOException("bad checkpoint"));

        act.Should().Throw<IOException>();
        cache.Keys.Should().BeEmpty();
        using var lease = cache.Lease("m", () => new Sized(1));
        lease.Loaded.Should().BeTrue();
    }

    [Fact]
    public async Task Concurrent_callers_of_one_key_share_one_factory_call()
    {
        using var cache = new ModelCache();
        var calls = 0;
        using var gate = new ManualResetEventSlim();
        Sized Factory()
        {
            Interlocked.Increment(ref calls);
            gate.Wait(TimeSpan.FromSeconds(10));
            return new Sized(1);
        }

        var leases = Enumerable.Range(0, 4).Select(_ => Task.Run(() => cache.Lease("m", Factory))).ToList();
        await Task.Delay(100);
        gate.Set();
        var results = await Task.WhenAll(leases);

        calls.Should().Be(1);
        results.Count(l => l.Loaded).Should().Be(1);
        results.Select(l => l.Value).Distinct().Should().ContainSingle();
        foreach (var lease in results)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public void Size_of_a_torch_module_is_the_bytes_of_its_parameters_and_buffers()
    {
        using var linear = torch.nn.Linear(10, 4);                      // 40 + 4 float32
        using var norm = torch.nn.BatchNorm1d(4);                       // weight, bias, running mean/var (float32), count (int64)
        using var model = torch.nn.Sequential(("linear", linear), ("norm", norm));

        ModelSize.Estimate(model).Should().Be((44 + 4 * 4) * 4 + 8);
        ModelSize.Estimate(new Sized(123)).Should().Be(123);
        ModelSize.Estimate("not a model").Should().Be(0);
    }

    private sealed class Sized(long bytes) : ISizedModel, IDisposable
    {
        public long SizeInBytes { get; } = bytes;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
