using SeCo.Plugins.Psa.Aggregation;

namespace Psa.Sam.Tests.Golden;

/// <summary>Replays the predictor masks of a golden record, checking each prompt against the recorded call.</summary>
internal sealed class RecordedThingPrompter(IReadOnlyList<PsaRecord.Component> calls) : IThingPrompter
{
    public int Calls { get; private set; }

    public IReadOnlyList<byte[]> Predict(IReadOnlyList<ThingPrompt> prompts, int width, int height)
    {
        prompts.Should().HaveCount(calls.Count, "the reference made one predict call per prompted component");
        var masks = new List<byte[]>(prompts.Count);
        for (var k = 0; k < prompts.Count; k++)
        {
            var prompt = prompts[k];
            var call = calls[k];
            prompt.ClassId.Should().Be(call.LabelId);
            new[] { prompt.Box.X, prompt.Box.Y, prompt.Box.XMax, prompt.Box.YMax }.Should().Equal(call.InputBox!, $"prompt {k} box");
            prompt.Points.Select(p => new[] { p.X, p.Y }).Should().BeEquivalentTo(call.Points!, o => o.WithStrictOrdering(), $"prompt {k} points");
            masks.Add(call.Mask!);
        }

        Calls++;
        return masks;
    }
}
