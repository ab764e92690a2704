using SeCo.Host.Running;
using SeCo.Sdk.Errors;
using SeCo.Testing;

namespace SeCo.Host.Tests.Running;

public sealed class WorkspaceLockTests : IDisposable
{
    private readonly TempDirectory _workspace = new("seco-lock");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Only_runs_share_the_workspace_and_keep_a_whole_run_out()
    {
        using var first = WorkspaceLock.Shared(_workspace.Path);
        using var second = WorkspaceLock.Shared(_workspace.Path);

        var whole = () => WorkspaceLock.Exclusive(_workspace.Path);

        whole.Should().Throw<SeCoInputException>().WithMessage("*Another seco run is using this workspace*");
    }

    [Fact]
    public void A_whole_run_keeps_only_runs_out()
    {
        using var whole = WorkspaceLock.Exclusive(_workspace.Path);

        var only = () => WorkspaceLock.Shared(_workspace.Path);

        only.Should().Throw<SeCoInputException>().WithMessage("*A whole seco run is using this workspace*");
    }

    [Fact]
    public void Shards_of_a_stage_run_together_but_not_beside_its_whole_run()
    {
        using (WorkspaceLock.Stage(_workspace.Path, "psa-0123456789ab", exclusive: false))
        using (WorkspaceLock.Stage(_workspace.Path, "psa-0123456789ab", exclusive: false))
        using (WorkspaceLock.Stage(_workspace.Path, "eval-0123456789ab", exclusive: true))
        {
            var whole = () => WorkspaceLock.Stage(_workspace.Path, "psa-0123456789ab", exclusive: true);
            whole.Should().Throw<SeCoInputException>().WithMessage("*Shards or another whole run of psa-0123456789ab*");
        }

        using var merge = WorkspaceLock.Stage(_workspace.Path, "psa-0123456789ab", exclusive: true);
        var shard = () => WorkspaceLock.Stage(_workspace.Path, "psa-0123456789ab", exclusive: false);
        shard.Should().Throw<SeCoInputException>().WithMessage("*A whole run of psa-0123456789ab is completing it*");
    }

    [Fact]
    public void A_lock_is_free_again_once_released()
    {
        WorkspaceLock.Exclusive(_workspace.Path).Dispose();

        var again = () => WorkspaceLock.Exclusive(_workspace.Path).Dispose();

        again.Should().NotThrow();
    }
}
