using System.Buffers.Binary;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Turns a pickled numpy scalar (<c>numpy.core.multiarray.scalar(dtype, bytes)</c>) into a .NET
/// value: float kinds → <see cref="double"/>, signed/unsigned integers → <see cref="long"/>/<see cref="ulong"/>,
/// <c>bool</c> → <see cref="bool"/>. Other dtypes stay a <see cref="PickleObject"/>; nothing throws.
/// </summary>
internal static class NumpyScalars
{
    public static object Read(PickleTuple args)
    {
        if (args.Count < 2 || args[0] is not PickleObject { TypeName: "numpy.dtype" } dtype
            || dtype.Arguments.Count == 0 || dtype.Arguments[0] is not string code || args[1] is not byte[] bytes)
        {
            return new PickleObject("numpy.generic", args);
        }

        var bigEndian = dtype.State is PickleTuple state && state.Count > 1 && state[1] is ">";
        var data = (byte[])bytes.Clone();
        if (bigEndian)
        {
            Array.Reverse(data);
        }

        return (code, data.Length) switch
        {
            ("f8", 8) => BitConverter.ToDouble(data),
            ("f4", 4) => (double)BitConverter.ToSingle(data),
            ("f2", 2) => (double)BitConverter.ToHalf(data),
            ("i8", 8) => BinaryPrimitives.ReadInt64LittleEndian(data),
            ("i4", 4) => (long)BinaryPrimitives.ReadInt32LittleEndian(data),
            ("i2", 2) => (long)BinaryPrimitives.ReadInt16LittleEndian(data),
            ("i1", 1) => (long)(sbyte)data[0],
            ("u8", 8) => BinaryPrimitives.ReadUInt64LittleEndian(data),
            ("u4", 4) => (long)BinaryPrimitives.ReadUInt32LittleEndian(data),
            ("u2", 2) => (long)BinaryPrimitives.ReadUInt16LittleEndian(data),
            ("u1", 1) => (long)data[0],
            ("b1", 1) => data[0] != 0,
            _ => new PickleObject($"numpy.{code}", args),
        };
    }
}
