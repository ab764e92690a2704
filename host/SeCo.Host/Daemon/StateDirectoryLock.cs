namespace SeCo.Host.Daemon;

/// <summary>
/// The exclusive lock a daemon holds on its state folder (<c>&lt;state-dir&gt;/seco.lock</c>, an OS file lock
/// that ends with the process, even on <c>kill -9</c>), so two daemons never share one queue and database.
/// </summary>
internal static class StateDirectoryLock
{
    /// <summary>The lock file's name inside the state folder.</summary>
    public const string FileName = "seco.lock";

    /// <summary>Takes the lock, or returns null and a one-line reason (another daemon holds it, or the folder cannot be written).</summary>
    public static FileStream? TryAcquire(string stateDirectory, out string error)
    {
        var path = Path.Combine(stateDirectory, FileName);
        try
        {
            Directory.CreateDirectory(stateDirectory);
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            error = string.Empty;
            return stream;
        }
        catch (IOException ex) when (File.Exists(path))
        {
            error = $"Another seco daemon is using the state folder {stateDirectory} (it holds {path}); stop it or give this one another --state-dir. ({ex.Message})";
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"Cannot use the state folder {stateDirectory}: {ex.Message}";
            return null;
        }
    }
}
