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

    [Fact]
    public void An_item_with_several_files_is_resumed_only_when_all_exist_and_otherwise_rewritten_whole()
    {
        var context = TestStage.Context(_temp.Path, stageId: "multi");
        Directory.CreateDirectory(context.OutputDirectory);
        string[] Paths(string id) => [PathOf(context, id), Path.Combine(context.OutputDirectory, "sub", id + ".json")];
        File.WriteAllText(Paths("a")[0], "old a");
        File.WriteAllText(Path.Combine(context.OutputDirectory, "b.bin"), "old b");
        Directory.CreateDirectory(Path.Combine(context.OutputDirectory, "sub"));
        File.WriteAllText(Paths("b")[1], "old b json");
        var produced = new List<string>();

        var result = ItemLoop.Run(context, ["a", "b"], "test", id => id, Paths, id =>
        {
            produced.Add(id);
            return [[(byte)id[0]], [(byte)'{', (byte)'}']];
        }, maxDegreeOfParallelism: 1, CancellationToken.None);

        produced.Should().Equal(["a"], "b has both files, a only one of them");
        result.Completed.Should().Equal("a", "b");
        result.Resumed.Should().Be(1);
        File.ReadAllBytes(Paths("a")[0]).Should().Equal((byte)'a');
        File.ReadAllText(Paths("a")[1]).Should().Be("{}");
        File.ReadAllText(Paths("b")[0]).Should().Be("old b");
    }

    [Fact]
    public void Parallel_items_come_back_in_the_given_order_with_every_file_and_all_progress_reported()
    {
        var items = Enumerable.Range(0, 40).Select(i => $"item{i:D2}").ToArray();
        var progress = new RecordingProgress();
        var context = TestStage.Context(_temp.Path, stageId: "parallel", progress: progress, onBadItem: BadItemPolicy.Skip);
        var concurrent = 0;
        var maxConcurrent = 0;

        var result = ItemLoop.Run(context, items, "test", id => id, id => [PathOf(context, id)], id =>
        {
            var now = Interlocked.Increment(ref concurrent);
            InterlockedMax(ref maxConcurrent, now);
            Thread.Sleep(1);
            Interlocked.Decrement(ref concurrent);
            return id == "item07" ? throw new SeCoInputException(new InputLocation(Item: id), "unreadable") : [[(byte)id[^1]]];
        }, maxDegreeOfParallelism: 3, CancellationToken.None);

        result.Completed.Should().Equal(items.Where(i => i != "item07"));
        result.Skipped.Should().ContainSingle().Which.Item.Should().Be("item07");
        maxConcurrent.Should().BeLessThanOrEqualTo(3);
        (progress.Done, progress.Total).Should().Be((40L, 40L));
        foreach (var id in result.Completed)
        {
            File.ReadAllBytes(PathOf(context, id)).Should().Equal((byte)id[^1]);
        }
    }

    [Fact]
    public void A_failing_parallel_item_fails_the_loop_with_its_own_exception()
    {
        var context = TestStage.Context(_temp.Path, stageId: "parallel-fail");
        var act = () => ItemLoop.Run(context, ["a", "b", "c", "d"], "test", id => id, id => [PathOf(context, id)],
            id => id == "c" ? throw new SeCoInputException(new InputLocation(Item: id), "unreadable") : [[1]],
            maxDegreeOfParallelism: 2, CancellationToken.None);

        act.Should().Throw<SeCoInputException>().Which.Location.Item.Should().Be("c");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static string PathOf(StageContext context, string id) => Path.Combine(context.OutputDirectory, id + ".bin");
}
