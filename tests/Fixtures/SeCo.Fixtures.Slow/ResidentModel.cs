using SeCo.Sdk.Tensors;

namespace SeCo.Fixtures.Slow;

/// <summary>A stand-in for a loaded network: reports a size and counts how many were created and disposed in this process.</summary>
public sealed class ResidentModel(string key, long bytes) : ISizedModel, IDisposable
{
    private static int s_created;
    private static int s_disposed;
    private int _disposed;

    /// <summary>Models created by factories in this process so far.</summary>
    public static int Created => Volatile.Read(ref s_created);

    /// <summary>Models disposed in this process so far.</summary>
    public static int Disposed => Volatile.Read(ref s_disposed);

    /// <summary>The cache key it was created for.</summary>
    public string Key { get; } = key;

    /// <inheritdoc />
    public long SizeInBytes { get; } = bytes;

    /// <summary>True once disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>Creates a model, taking <paramref name="loadMs"/> like a checkpoint load.</summary>
    public static ResidentModel Load(string key, long bytes, int loadMs)
    {
        Thread.Sleep(loadMs);
        Interlocked.Increment(ref s_created);
        return new ResidentModel(key, bytes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Interlocked.Increment(ref s_disposed);
        }
    }
}
