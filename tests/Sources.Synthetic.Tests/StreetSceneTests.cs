using SeCo.Plugins.Sources.Synthetic;
using SeCo.Plugins.Sources.Synthetic.Randomness;

namespace Sources.Synthetic.Tests;

public sealed class StreetSceneTests
{
    [Fact]
    public void SplitMix64_matches_the_reference_sequence()
    {
        // Vigna's splitmix64.c from state 0.
        ulong state = 0;
        SplitMix64.Next(ref state).Should().Be(0xE220A8397B1DCDAFUL);
        SplitMix64.Next(ref state).Should().Be(0x6E789E6AA1B965F4UL);
    }

    [Fact]
    public void Random_doubles_are_uniform_in_the_unit_interval()
    {
        var random = new SceneRandom(42);
        var buckets = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            var v = random.NextDouble();
            v.Should().BeInRange(0, 1);
            buckets[(int)(v * 10)]++;
        }

        buckets.Should().OnlyContain(b => b > 9_500 && b < 10_500);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Scenes_have_sky_above_road_below_and_an_unlabelled_ego_vehicle(int index)
    {
        var (scene, _) = SyntheticSourceStage.Generate(seed: 5, index, new SyntheticSourceOptions());
        var w = scene.Width;
        var h = scene.Height;

        Row(scene.Labels, w, h - 1).Should().OnlyContain(v => v == 255, "the bonnet is unlabelled");
        Row(scene.Labels, w, 0).Should().Contain(10, "sky is visible at the top");
        Row(scene.Labels, w, 0).Should().NotContain(v => v == 0 || v == 1, "no ground at the top");
        var aboveBonnet = Row(scene.Labels, w, (int)(h * 0.85));
        aboveBonnet.Count(v => v == 0).Should().BeGreaterThan(w / 3, "the road fills the lower middle");
    }

    [Theory]
    [InlineData(64, 32)]
    [InlineData(300, 700)]
    [InlineData(1024, 200)]
    public void Any_allowed_size_gives_a_complete_scene(int width, int height)
    {
        var options = new SyntheticSourceOptions { Width = width, Height = height };
        for (var index = 0; index < 3; index++)
        {
            var (scene, pseudo) = SyntheticSourceStage.Generate(seed: 9, index, options);
            scene.Labels.Should().HaveCount(width * height);
            scene.Rgb.Should().HaveCount(width * height * 3);
            pseudo.Should().HaveCount(width * height);
            scene.Labels.Should().OnlyContain(v => v < 19 || v == 255);
            pseudo.Should().OnlyContain(v => v < 19 || v == 255);
            scene.Labels.Should().Contain(10).And.Contain(0);
        }
    }

    [Fact]
    public void Rendered_colours_change_across_object_boundaries()
    {
        // A colour-based segmenter must find the objects: neighbouring pixels of different classes
        // differ in colour far more than neighbours inside one class.
        double across = 0, within = 0;
        long acrossCount = 0, withinCount = 0;
        for (var index = 0; index < 4; index++)
        {
            var (scene, _) = SyntheticSourceStage.Generate(seed: 0, index, new SyntheticSourceOptions());
            for (var y = 0; y < scene.Height; y++)
            {
                for (var x = 2; x < scene.Width; x++)
                {
                    var a = y * scene.Width + x - 2;
                    var b = a + 2;
                    var difference = Math.Abs(scene.Rgb[a * 3] - scene.Rgb[b * 3]) + Math.Abs(scene.Rgb[a * 3 + 1] - scene.Rgb[b * 3 + 1])
                        + Math.Abs(scene.Rgb[a * 3 + 2] - scene.Rgb[b * 3 + 2]);
                    if (scene.Labels[a] != scene.Labels[b])
                    {
                        across += difference;
                        acrossCount++;
                    }
                    else
                    {
                        within += difference;
                        withinCount++;
                    }
                }
            }
        }

        (across / acrossCount).Should().BeGreaterThan(3 * within / withinCount);
    }

    [Fact]
    public void Objects_shrink_with_distance()
    {
        // Instances of things: the nearer (lower bottom edge), the taller, on average.
        var near = new List<int>();
        var far = new List<int>();
        for (var index = 0; index < 12; index++)
        {
            var (scene, _) = SyntheticSourceStage.Generate(seed: 0, index, new SyntheticSourceOptions());
            var top = new Dictionary<int, int>();
            var bottom = new Dictionary<int, int>();
            for (var y = 0; y < scene.Height; y++)
            {
                for (var x = 0; x < scene.Width; x++)
                {
                    var id = scene.Instances[y * scene.Width + x];
                    if (scene.InstanceClasses[id] == 13)
                    {
                        top.TryAdd(id, y);
                        bottom[id] = y;
                    }
                }
            }

            foreach (var (id, y0) in top)
            {
                (bottom[id] > scene.Height * 0.7 ? near : bottom[id] < scene.Height * 0.55 ? far : null)?.Add(bottom[id] - y0);
            }
        }

        near.Should().NotBeEmpty();
        far.Should().NotBeEmpty();
        near.Average().Should().BeGreaterThan(2 * far.Average());
    }

    private static byte[] Row(byte[] labels, int width, int y) => labels.AsSpan(y * width, width).ToArray();
}
