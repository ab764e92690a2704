using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Sdk.Stages;
using SeCo.Testing;

namespace SeCo.Sdk.Tests.Stages;

public sealed class ItemLoopTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Items_with_an_output_file_are_resumed_and_the_others_written_atomically_in_order()
    {
        var progress = new RecordingProgress();
        var context = TestStage.Context(_temp.Path, progress: progress);
        Directory.CreateDirectory(context.OutputDirectory);
        File.WriteAllText(PathOf(context, "b"), "old");
        var produced = new List<string>();

        var result = ItemLoop.Run(context, ["a", "b", "c"], "test", id => id, id => PathOf(context, id), id =>
        {
            produced.Add(id);
            return [(byte)id[0]];
        }, CancellationToken.None);

        produced.Should().Equal("a", "c");
        result.Completed.Should().Equal("a", "b", "c");
        result.Resumed.Should().Be(1);
        result.Skipped.Should().BeEmpty();
        File.ReadAllText(PathOf(context, "b")).Should().Be("old", "a resumed item is not recomputed");
        File.ReadAllBytes(PathOf(context, "c")).Should().Equal((byte)'c');
        Directory.GetFiles(context.OutputDirectory).Should().NotContain(f => f.Contains(AtomicFile.TempMarker, StringComparison.Ordinal));
        (progress.Done, progress.Total).Should().Be((3L, 3L));
    }

    [Fact]
    public void A_bad_item_fails_the_stage_unless_bad_items_are_skipped()
    {
        byte[] Produce(string id) => id == "bad"
            ? throw new SeCoInputException(new InputLocation(Item: id), "unreadable")
            : [1];

        var failing = TestStage.Context(_temp.Path, stageId: "fail");
        var act = () => ItemLoop.Run(failing, ["ok", "bad"], "test", id => id, id => PathOf(failing, id), Produce, CancellationToken.None);
        act.Should().Throw<SeCoInputException>();

        var skipping = TestStage.Context(_temp.Path, stageId: "skip", onBadItem: BadItemPolicy.Skip);
        var result = ItemLoop.Run(skipping, ["ok", "bad", "late"], "test", id => id, id => PathOf(skipping, id), Produce, CancellationToken.None);
        result.Completed.Should().Equal("ok", "late");
        result.Skipped.Should().ContainSingle().Which.Item.Should().Be("bad");
        File.Exists(PathOf(skipping, "bad")).Should().BeFalse();
    }

    [Fact]
    public void Only_the_shards_items_are_processed_and_cancellation_stops_before_the_next_item()
    {
        var items = Enumerable.Range(0, 20).Select(i => $"item{i}").ToArray();
        var shard = new ShardSpec(1, 3);
        var context = TestStage.Context(_temp.Path, stageId: "shard", shard: shard);

        var result = ItemLoop.Run(context, items, "test", id => id, id => PathOf(context, id), _ => [1], CancellationToken.None);

        result.Completed.Should().Equal(items.Where(shard.Contains));

        using var cancel = new CancellationTokenSource();
        var other = TestStage.Context(_temp.Path, stageId: "cancel");
        var act = () => ItemLoop.Run(other, items, "test", id => id, id => PathOf(other, id), id =>
        {
            cancel.Cancel();
            return [1];
        }, cancel.Token);
        act.Should().Throw<OperationCanceledException>();
        Directory.GetFiles(other.OutputDirectory).Should().ContainSingle("the item in progress is finished, no later one starts");
    }

    private static string PathOf(StageContext context, string id) => Path.Combine(context.OutputDirectory, id + ".bin");
}
