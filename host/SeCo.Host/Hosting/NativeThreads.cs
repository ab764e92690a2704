using System.Runtime.InteropServices;
using TorchSharp;

namespace SeCo.Host.Hosting;

/// <summary>
/// libtorch's thread policy. libtorch-cpu runs its intra-op parallel loops on GNU OpenMP (libgomp), whose
/// threads by default spin at every barrier. On a CPU shared with other work a spinning thread burns the
/// time slice its partner needs to reach the barrier, and a run slows down by 20× instead of by the share
/// of CPU it lost. So, before libtorch loads, the process environment asks OpenMP to sleep rather than spin
/// (<c>OMP_WAIT_POLICY=PASSIVE</c>; <c>KMP_BLOCKTIME=0</c> for an Intel OpenMP build), and whenever a stage
/// takes the device lease the intra-op thread count is set to its run's <c>threads</c> (the inter-op pool to
/// one thread, once: stages run their graphs sequentially). A variable the user already set is kept.
/// </summary>
internal static class NativeThreads
{
    /// <summary>
    /// The variables set when absent, with their values: the OpenMP wait policy, and libtorch's transparent huge
    /// pages for its CPU allocations (<c>THP_MEM_ALLOC_ENABLE=1</c>: blocks of 2 MB and more are 2 MB-aligned and
    /// advised <c>MADV_HUGEPAGE</c>). Training frees and allocates its activations every iteration (the SCC R18 step
    /// about 10 GB), and with 4 KB pages a third of its CPU time was the kernel's page faults (issue 22, plugins/Scc
    /// README "Where the SCC step's time went"); libtorch reads the variable once, at its first allocation.
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> WaitPolicy =
    [
        new("OMP_WAIT_POLICY", "PASSIVE"),
        new("KMP_BLOCKTIME", "0"),
        new("THP_MEM_ALLOC_ENABLE", "1"),
    ];

    private static readonly Lock s_gate = new();
    private static bool s_interOpSet;
    private static int s_applied;

    /// <summary>
    /// The default thread count: the CPUs this process may use. <see cref="Environment.ProcessorCount"/>
    /// already honours the scheduler affinity mask and a cgroup CPU quota (rounded up), which OpenMP's own
    /// default (every CPU of the affinity mask) does not.
    /// </summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Sets the OpenMP wait policy in the native process environment, where libgomp reads it when it loads.
    /// Must run before anything touches TorchSharp; later calls are harmless but come too late.
    /// (<see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native
    /// <c>getenv</c> on Unix, hence <c>setenv</c>.)
    /// </summary>
    public static void ConfigureEnvironment()
    {
        foreach (var (name, value) in WaitPolicy)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            {
                Environment.SetEnvironmentVariable(name, value);
                if (!OperatingSystem.IsWindows())
                {
                    _ = SetEnv(name, value, overwrite: 0);
                }
            }
        }
    }

    /// <summary>The thread count a run uses: its own setting, else <see cref="DefaultThreads"/>.</summary>
    public static int Resolve(int? threads) => threads ?? DefaultThreads;

    /// <summary>
    /// Applies a thread count to libtorch (loading it; cheap when unchanged) and returns whether it changed. The
    /// inter-op pool is set to one thread once per process, before any inter-op work (libtorch refuses a second setting).
    /// </summary>
    public static bool Apply(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        lock (s_gate)
        {
            if (!s_interOpSet)
            {
                s_interOpSet = true;
                try
                {
                    torch.set_num_interop_threads(1);
                }
                catch (ExternalException)
                {
                    // Inter-op work already ran in this process (a plugin used it before any device stage): libtorch
                    // keeps the pool it has, which changes no result.
                }
            }

            if (s_applied == threads)
            {
                return false;
            }

            torch.set_num_threads(threads);
            s_applied = threads;
            return true;
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
