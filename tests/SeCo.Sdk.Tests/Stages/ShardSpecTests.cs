using SeCo.Sdk.Stages;

namespace SeCo.Sdk.Tests.Stages;

public sealed class ShardSpecTests
{
    private static readonly string[] s_keys = Enumerable.Range(0, 3000).Select(i => $"frankfurt/frankfurt_{i:000000}_000019").ToArray();

    [Fact]
    public void Every_key_belongs_to_exactly_one_shard_and_shards_are_balanced()
    {
        var shards = Enumerable.Range(0, 4).Select(i => new ShardSpec(i, 4)).ToArray();
        var sizes = new int[4];
        foreach (var key in s_keys)
        {
            shards.Count(s => s.Contains(key)).Should().Be(1, key);
            sizes[ShardSpec.ShardOf(key, 4)]++;
        }

        sizes.Should().OnlyContain(size => size > 600 && size < 900, "3000 keys over 4 shards is 750 each, give or take");
    }

    [Fact]
    public void Assignment_depends_on_the_key_only_so_adding_images_moves_none()
    {
        var before = s_keys.Take(2000).ToDictionary(k => k, k => ShardSpec.ShardOf(k, 5));
        var reordered = s_keys.Reverse().ToArray();

        reordered.Where(before.ContainsKey).Should().OnlyContain(k => ShardSpec.ShardOf(k, 5) == before[k]);
        ShardSpec.ShardOf("synthetic_000000", 3).Should().Be(ShardSpec.ShardOf("synthetic_000000", 3));
    }

    [Fact]
    public void One_more_shard_moves_only_about_one_in_n_plus_one_keys()
    {
        var moved = s_keys.Count(k => ShardSpec.ShardOf(k, 4) != ShardSpec.ShardOf(k, 5));

        // Jump consistent hashing moves 1/5 of the keys (600 of 3000), each to the new shard.
        moved.Should().BeInRange(450, 750);
        s_keys.Where(k => ShardSpec.ShardOf(k, 4) != ShardSpec.ShardOf(k, 5)).Should().OnlyContain(k => ShardSpec.ShardOf(k, 5) == 4);
    }

    [Fact]
    public void Known_keys_keep_their_shards_across_releases()
    {
        // Pinned: a change of the hash would silently reshuffle the items of running scale-out jobs.
        Enumerable.Range(0, 6).Select(i => ShardSpec.ShardOf($"synthetic_{i:000000}", 3)).Should().Equal(1, 2, 2, 2, 1, 0);
    }

    [Theory]
    [InlineData("0/3", 0, 3)]
    [InlineData("2/3", 2, 3)]
    [InlineData("0/1", 0, 1)]
    public void Parse_reads_index_slash_count(string text, int index, int count)
    {
        var shard = ShardSpec.Parse(text);

        shard.Should().Be(new ShardSpec(index, count));
        shard.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("/3")]
    public void Parse_refuses_what_is_not_a_shard(string text)
    {
        var parse = () => ShardSpec.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage("*expected INDEX/COUNT with 0 <= INDEX < COUNT*");
    }
}
