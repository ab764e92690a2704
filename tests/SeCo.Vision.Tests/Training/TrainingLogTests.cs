using SeCo.Testing;
using SeCo.Vision.Training;

namespace SeCo.Vision.Tests.Training;

public sealed class TrainingLogTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-training-log");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Scalars_read_back_from_the_event_file_and_the_json_lines()
    {
        using (var log = TrainingLog.Open(_directory.Path))
        {
            log.Scalar("train/loss", 1, 2.5);
            log.Scalar("train/lr", 1, 0.01);
            log.Scalar("train/loss", 2, 1.25);
            log.Scalar("eval/iou/road", 2, 97.125);
        }

        TensorBoardEvents.ReadScalars(Path.Combine(_directory.Path, TrainingLog.TensorBoardFolder)).Should().Equal(
            (1L, "train/loss", 2.5f), (1L, "train/lr", 0.01f), (2L, "train/loss", 1.25f), (2L, "eval/iou/road", 97.125f));
        TrainingLog.Read(Path.Combine(_directory.Path, TrainingLog.JsonFileName)).Should().Equal(
            new TrainingScalar(1, "train/loss", 2.5), new TrainingScalar(1, "train/lr", 0.01),
            new TrainingScalar(2, "train/loss", 1.25), new TrainingScalar(2, "eval/iou/road", 97.125));
    }

    [Fact]
    public void The_event_file_starts_with_the_file_version_record()
    {
        using (var log = TrainingLog.Open(_directory.Path))
        {
            log.Scalar("train/loss", 1, 1);
        }

        var file = Directory.GetFiles(Path.Combine(_directory.Path, TrainingLog.TensorBoardFolder), "events.out.tfevents.*").Should().ContainSingle().Subject;
        var records = TensorBoardEvents.ReadRecords(File.ReadAllBytes(file));
        records.Should().HaveCount(2);
        System.Text.Encoding.ASCII.GetString(records[0]).Should().Contain("brain.Event:2");
    }

    [Fact]
    public void Resuming_keeps_the_steps_up_to_the_checkpoint_once_and_drops_later_ones()
    {
        using (var log = TrainingLog.Open(_directory.Path))
        {
            for (var step = 1; step <= 5; step++)
            {
                log.Scalar("train/loss", step, step);
            }
        }

        using (var resumed = TrainingLog.Open(_directory.Path, resumeAfterStep: 3))
        {
            resumed.Scalar("train/loss", 4, 40);
        }

        var expected = new[] { (1L, "train/loss", 1f), (2L, "train/loss", 2f), (3L, "train/loss", 3f), (4L, "train/loss", 40f) };
        TensorBoardEvents.ReadScalars(Path.Combine(_directory.Path, TrainingLog.TensorBoardFolder)).Should().Equal(expected);
        TrainingLog.Read(Path.Combine(_directory.Path, TrainingLog.JsonFileName)).Select(s => (s.Step, s.Tag, (float)s.Value)).Should().Equal(expected);
    }

    [Fact]
    public void A_fresh_start_clears_a_previous_log_and_a_torn_last_line_is_ignored()
    {
        using (var log = TrainingLog.Open(_directory.Path))
        {
            log.Scalar("train/loss", 1, 1);
        }

        using (var fresh = TrainingLog.Open(_directory.Path))
        {
            fresh.Scalar("train/loss", 1, double.NaN);
        }

        var json = Path.Combine(_directory.Path, TrainingLog.JsonFileName);
        File.AppendAllText(json, "{\"step\":2,\"tag\":\"tr");
        var read = TrainingLog.Read(json);
        read.Should().ContainSingle().Which.Value.Should().Be(double.NaN);
    }
}
