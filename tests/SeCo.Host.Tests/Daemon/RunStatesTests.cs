using SeCo.Host.Daemon;

namespace SeCo.Host.Tests.Daemon;

/// <summary>The daemon's stored state names are the text of the one state model (SeCo.Sdk.Runs), not a second list.</summary>
public sealed class RunStatesTests
{
    [Fact]
    public void Every_stored_run_state_is_the_text_of_a_RunState_value()
    {
        new[] { RunStates.Queued, RunStates.Running, RunStates.Succeeded, RunStates.Failed, RunStates.Cancelled, RunStates.Interrupted }
            .Should().Equal(Enum.GetValues<RunState>().Select(RunStates.Text));
    }

    [Fact]
    public void Stage_states_are_stored_in_lower_case_as_the_api_always_reported_them()
    {
        Enum.GetValues<StageRunState>().Select(RunStates.Text).Should()
            .Equal("pending", "cached", "succeeded", "failed", "cancelled", "skipped", "running");
    }
}
