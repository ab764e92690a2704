using SeCo.Sdk.Errors;

namespace SeCo.Host.Running;

/// <summary>
/// Advisory file locks (<c>flock</c>) that let several <c>seco</c> processes share one workspace safely, on one machine
/// or over a shared file system that supports locks (NFSv4, Lustre mounted with <c>flock</c>, BeeGFS, CephFS):
/// <list type="bullet">
/// <item>a whole run (<c>seco run</c>) holds <c>&lt;workspace&gt;/.seco.lock</c> exclusively: nothing else runs in the workspace;</item>
/// <item><c>seco run --only</c> runs hold it shared, so shards and single stages run side by side, and take the
/// stage's lock in <c>&lt;workspace&gt;/.seco-locks/</c>: shared for a shard (shards of one stage run together),
/// exclusive for a whole stage, whose manifest step must see every item written.</item>
/// </list>
/// Locks are never waited for: a process that cannot take one stops with a message naming what holds it. The
/// kernel drops a lock when its process dies, so a killed run never leaves a stale lock.
/// </summary>
internal static class WorkspaceLock
{
    /// <summary>The workspace lock file.</summary>
    public const string FileName = ".seco.lock";

    /// <summary>The folder of the per-stage lock files.</summary>
    public const string StageLockFolder = ".seco-locks";

    /// <summary>Takes the workspace for a whole run.</summary>
    public static IDisposable Exclusive(string workspace) =>
        Take(Path.Combine(workspace, FileName), exclusive: true, workspace,
            "Another seco run is using this workspace; wait for it to finish or stop it.");

    /// <summary>Joins the workspace for a <c>--only</c> run, beside other <c>--only</c> runs.</summary>
    public static IDisposable Shared(string workspace) =>
        Take(Path.Combine(workspace, FileName), exclusive: false, workspace,
            "A whole seco run is using this workspace; wait for it to finish or stop it.");

    /// <summary>Takes a stage's lock: shared for a shard run, exclusive for a whole-stage run.</summary>
    public static IDisposable Stage(string workspace, string stageFolderName, bool exclusive)
    {
        var folder = Path.Combine(workspace, StageLockFolder);
        Directory.CreateDirectory(folder);
        return Take(Path.Combine(folder, stageFolderName + ".lock"), exclusive, workspace, exclusive
            ? $"Shards or another whole run of {stageFolderName} are running in this workspace; wait for them to finish."
            : $"A whole run of {stageFolderName} is completing it in this workspace; its items need no shard run.");
    }

    private static FileStream Take(string path, bool exclusive, string workspace, string message)
    {
        try
        {
            // .NET takes flock(LOCK_EX) for FileShare.None and flock(LOCK_SH) otherwise; a shared lock is opened read-only
            // because network file systems emulate flock with fcntl locks, where a read lock needs read access only.
            return exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (IOException ex)
        {
            throw new SeCoInputException(workspace, message, ex);
        }
    }
}
