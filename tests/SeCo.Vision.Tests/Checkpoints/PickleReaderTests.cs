using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Checkpoints;

public sealed class PickleReaderTests
{
    private const string FileName = "test.pkl";

    [Fact]
    public void Protocol_4_opcodes_read_into_dotnet_values()
    {
        var pickle = new PickleBytes()
            .Op(0x80, 4).Frame()
            .ShortString("collections").Op(0x94).ShortString("OrderedDict").Op(0x94).Op(0x93).Op(0x94)
            .Op(')').Op('R').Op(0x94)
            .Op('(')
            .ShortString("ints").Op(0x94).Op(']').Op(0x94).Op('(').Int1(7).Int2(300).Int4(-5).Long1(new BigInteger(1) << 70).Op('e')
            .ShortString("float").Op(0x94).Float(61.25)
            .ShortString("flags").Op(0x94).Op('N').Op(0x88).Op(0x89).Op(0x87)
            .ShortString("bytes").Op(0x94).ShortBytes([1, 2, 3])
            .ShortString("nested").Op(0x94).Op('}').Int1(0).ShortString("zero").Op('s')
            .ShortString("again").Op(0x94).Op('h', 1)
            .Op('u')
            .Op('.')
            .ToArray();

        var root = Read(pickle).Should().BeOfType<PickleDict>().Subject;

        root.IsOrderedDict.Should().BeTrue();
        root.Keys.Should().Equal("ints", "float", "flags", "bytes", "nested", "again");
        ((List<object?>)root["ints"]!).Should().Equal(7L, 300L, -5L, new BigInteger(1) << 70);
        root["float"].Should().Be(61.25);
        ((PickleTuple)root["flags"]!).Should().Equal(null, true, false);
        root["bytes"].Should().BeEquivalentTo(new byte[] { 1, 2, 3 });
        ((PickleDict)root["nested"]!)[0L].Should().Be("zero");
        root["again"].Should().Be("OrderedDict", "BINGET 1 returns the second memoised value");
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("torch", "load")]
    public void Global_outside_the_allow_list_is_refused_by_name_before_anything_is_called(string module, string name)
    {
        var pickle = new PickleBytes().Op(0x80, 2).Global(module, name).ShortString("echo never").Op(0x85).Op('R').Op('.').ToArray();

        var act = () => Read(pickle);

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Message.Contains($"'{module}.{name}'") && e.Location.File == FileName && e.Message.Contains("Nothing was executed"));
    }

    [Fact]
    public void Stack_global_outside_the_allow_list_is_refused()
    {
        var pickle = new PickleBytes().Op(0x80, 4).ShortString("os").ShortString("system").Op(0x93).Op('.').ToArray();

        var act = () => Read(pickle);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("'os.system'"));
    }

    [Fact]
    public void Whole_module_pickle_is_refused_with_advice_to_save_the_state_dict()
    {
        var pickle = new PickleBytes().Op(0x80, 2).Global("torch.nn.modules.linear", "Linear").Op(')').Op(0x81).Op('.').ToArray();

        var act = () => Read(pickle);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("state_dict()"));
    }

    [Fact]
    public void Argparse_namespace_is_kept_as_an_opaque_object_with_its_fields()
    {
        var pickle = new PickleBytes()
            .Op(0x80, 2).Global("argparse", "Namespace").Op(')').Op(0x81)
            .Op('}').ShortString("lr").Float(0.5).Op('s').Op('b')
            .Op('.').ToArray();

        var obj = Read(pickle).Should().BeOfType<PickleObject>().Subject;

        obj.TypeName.Should().Be("argparse.Namespace");
        ((PickleDict)obj.State!)["lr"].Should().Be(0.5);
    }

    [Fact]
    public void Numpy_int64_scalar_is_read_as_a_long()
    {
        var pickle = new PickleBytes()
            .Op(0x80, 2).Global("numpy.core.multiarray", "scalar")
            .Global("numpy", "dtype").ShortString("i8").Op(0x89).Op(0x88).Op(0x87).Op('R')
            .ShortString("3").ShortString("<").Op(0x86).Op('b')
            .ShortBytes(BitConverter.GetBytes(-42L)).Op(0x86).Op('R').Op('.').ToArray();

        Read(pickle).Should().Be(-42L);
    }

    [Fact]
    public void Numpy_scalar_of_an_unusual_dtype_is_kept_opaque_not_a_crash()
    {
        var pickle = new PickleBytes()
            .Op(0x80, 2).Global("numpy.core.multiarray", "scalar")
            .Global("numpy", "dtype").ShortString("c16").Op(0x89).Op(0x88).Op(0x87).Op('R')
            .ShortBytes(new byte[16]).Op(0x86).Op('R').Op('.').ToArray();

        Read(pickle).Should().BeOfType<PickleObject>();
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 2, (byte)'h', 9, (byte)'.' })]
    [InlineData(new byte[] { 0x80, 2, (byte)']', (byte)')', (byte)'R', (byte)'.' })]
    [InlineData(new byte[] { 0x80, 2, (byte)'I', (byte)'1', (byte)'\n', (byte)'.' })]
    [InlineData(new byte[] { 0x80, 2, (byte)'X', 0xFF, 0xFF, 0xFF, 0x7F })]
    [InlineData(new byte[] { 0x80, 2, (byte)'t', (byte)'.' })]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'.' })]
    [InlineData(new byte[] { 0x80, 2, (byte)'N' })]
    [InlineData(new byte[] { 0x80, 9, (byte)'N', (byte)'.' })]
    public void Malformed_pickle_is_an_input_error_naming_the_file(byte[] pickle)
    {
        var act = () => Read(pickle);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == FileName);
    }

    [Fact]
    public void Tensor_that_reaches_beyond_its_storage_is_refused()
    {
        var pickle = new PickleBytes()
            .Op(0x80, 2).Global("torch._utils", "_rebuild_tensor_v2")
            .Op('(')
            .Op('(').ShortString("storage").Global("torch", "FloatStorage").ShortString("0").ShortString("cpu").Int1(10).Op('t').Op('Q')
            .Int1(4).Int1(3).Int1(3).Op(0x86).Int1(3).Int1(1).Op(0x86).Op(0x89).Op('N')
            .Op('t').Op('R').Op('.').ToArray();

        var act = () => Read(pickle);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("beyond its storage"));
    }

    [Fact]
    public void Tensor_view_becomes_a_lazy_tensor_with_its_geometry()
    {
        var pickle = new PickleBytes()
            .Op(0x80, 2).Global("torch._utils", "_rebuild_parameter")
            .Global("torch._utils", "_rebuild_tensor_v2")
            .Op('(')
            .Op('(').ShortString("storage").Global("torch", "HalfStorage").ShortString("0").ShortString("cpu").Int1(20).Op('t').Op('Q')
            .Int1(2).Int1(3).Int1(2).Op(0x86).Int1(1).Int1(3).Op(0x86).Op(0x89).Op('N')
            .Op('t').Op('R').Op(0x88).Op('N').Op(0x87).Op('R').Op('.').ToArray();

        var lazy = Read(pickle).Should().BeOfType<LazyTensor>().Subject;

        lazy.DType.Should().Be(ScalarType.Float16);
        lazy.Shape.Should().Equal(3, 2);
        lazy.Stride.Should().Equal(1, 3);
        lazy.StorageOffset.Should().Be(2);
        lazy.RequiresGrad.Should().BeTrue();
    }

    private static object? Read(byte[] pickle)
    {
        using var storages = new StorageCache(FileName);
        return new PickleReader(new MemoryStream(pickle), FileName, storages).Load();
    }

    /// <summary>Assembles pickle bytes opcode by opcode.</summary>
    private sealed class PickleBytes
    {
        private readonly List<byte> _bytes = new();

        public PickleBytes Op(char opcode) => Op((byte)opcode);

        public PickleBytes Op(char opcode, byte argument) => Op((byte)opcode, argument);

        public PickleBytes Op(params byte[] bytes)
        {
            _bytes.AddRange(bytes);
            return this;
        }

        public PickleBytes Frame() => Op(0x95, 0, 0, 0, 0, 0, 0, 0, 0);

        public PickleBytes ShortString(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            return Op(0x8c, (byte)bytes.Length).Op(bytes);
        }

        public PickleBytes ShortBytes(byte[] value) => Op((byte)'C', (byte)value.Length).Op(value);

        public PickleBytes Global(string module, string name) => Op('c').Op(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

        public PickleBytes Int1(byte value) => Op((byte)'K', value);

        public PickleBytes Int2(ushort value)
        {
            var bytes = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
            return Op('M').Op(bytes);
        }

        public PickleBytes Int4(int value)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            return Op('J').Op(bytes);
        }

        public PickleBytes Long1(BigInteger value)
        {
            var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: false);
            return Op(0x8a, (byte)bytes.Length).Op(bytes);
        }

        public PickleBytes Float(double value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
            return Op('G').Op(bytes);
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
