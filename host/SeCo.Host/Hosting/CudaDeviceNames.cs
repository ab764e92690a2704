using System.Runtime.InteropServices;
using System.Text;

namespace SeCo.Host.Hosting;

/// <summary>
/// GPU names from the CUDA driver (<c>libcuda</c>: <c>cuInit</c>, <c>cuDeviceGet</c>, <c>cuDeviceGetName</c>, stable
/// since CUDA 2), which TorchSharp does not expose. Only asked when torch reports CUDA devices.
/// </summary>
internal static class CudaDeviceNames
{
    private delegate int CuInit(uint flags);

    private delegate int CuDeviceGet(out int device, int ordinal);

    private delegate int CuDeviceGetName(byte[] name, int length, int device);

    /// <summary>The names of devices 0..count-1, or the reason they cannot be read.</summary>
    public static IReadOnlyList<string> Read(int count)
    {
        var library = OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return Enumerable.Repeat($"(name unknown: {library} not found)", count).ToList();
        }

        var init = Function<CuInit>(handle, "cuInit");
        var get = Function<CuDeviceGet>(handle, "cuDeviceGet");
        var getName = Function<CuDeviceGetName>(handle, "cuDeviceGetName");
        var status = init(0);
        var names = new List<string>(count);
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            var buffer = new byte[256];
            if (status != 0 || (status = get(out var device, ordinal)) != 0 || (status = getName(buffer, buffer.Length, device)) != 0)
            {
                names.Add($"(name unknown: CUDA driver error {status})");
                continue;
            }

            var end = Array.IndexOf(buffer, (byte)0);
            names.Add(Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end));
        }

        return names;
    }

    private static T Function<T>(IntPtr library, string name)
        where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
}
