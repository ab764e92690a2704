using System.Text.Json;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Testing;

namespace Adapt.UniMatch.Tests.Golden;

public sealed class CutMixBoxGoldenTests
{
    public static TheoryData<int> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("unimatch", "cutmix_box_cases.json")));
        var data = new TheoryData<int>();
        for (var i = 0; i < document.RootElement.GetProperty("cases").GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cutmix_box_from_recorded_draws_matches_the_reference(int index)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("unimatch", "cutmix_box_cases.json")));
        var @case = document.RootElement.GetProperty("cases")[index];
        var size = @case.GetProperty("img_size").GetInt32();
        var draws = new RecordedDraws(@case.GetProperty("draws"));

        var box = CutMixBox.Obtain(size, draws);

        draws.AllConsumed.Should().BeTrue("the port must make exactly the reference's draws");
        var expected = @case.GetProperty("box");
        if (expected.ValueKind == JsonValueKind.Null)
        {
            box.Should().BeNull();
        }
        else
        {
            box.Should().Be(new CutMixBox(expected.GetProperty("x").GetInt32(), expected.GetProperty("y").GetInt32(),
                expected.GetProperty("w").GetInt32(), expected.GetProperty("h").GetInt32()));
        }

        var mask = new float[size * size];
        CutMixBox.Fill(box, mask, size);
        mask.Sum().Should().Be(@case.GetProperty("box_area").GetInt32());
    }

    [Fact]
    public void Cutmix_box_of_the_spec_oracle_covers_rows_and_columns_100_to_342()
    {
        var box = CutMixBox.Obtain(769, new FixedDraws(0.1, [0.1, 1.0], [100, 100]));

        box.Should().Be(new CutMixBox(100, 100, 243, 243));
    }

    private sealed class FixedDraws(double random, double[] uniforms, int[] integers) : IRandomSource
    {
        private int _u;
        private int _i;

        public double Random() => random;

        public int RandInt(int low, int high) => throw new InvalidOperationException("not drawn by obtain_cutmix_box");

        public double Uniform(double low, double high) => uniforms[_u++];

        public int NumpyRandInt(int low, int high) => integers[_i++];
    }
}
