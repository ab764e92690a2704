using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using SeCo.Host.Running;
using SeCo.Host.Tests.Plugins;
using SeCo.Testing;

namespace SeCo.Host.Tests.Running;

public sealed class AssemblyCodeHashTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-code-hash");

    public void Dispose() => _directory.Dispose();

    private static string PluginA(string variant = "") =>
        Path.Combine(Path.GetDirectoryName(FixturePlugins.FolderOf(FixturePlugins.A))!, variant, FixturePlugins.A, FixturePlugins.A + ".dll");

    [Fact]
    public void Same_source_built_with_another_commit_stamp_has_the_same_code_hash()
    {
        var original = PluginA();
        var rebuilt = PluginA("rebuilt");
        // The two files differ where a documentation-only commit makes them differ: the stamps, the MVID, the PDB id.
        InformationalVersion(rebuilt).Should().NotBe(InformationalVersion(original));
        Mvid(rebuilt).Should().NotBe(Mvid(original));
        FileHash(rebuilt).Should().NotBe(FileHash(original));

        AssemblyCodeHash.Of(rebuilt).Should().Be(AssemblyCodeHash.Of(original));
    }

    [Fact]
    public void Code_change_changes_the_code_hash()
    {
        AssemblyCodeHash.Of(PluginA("changed")).Should().NotBe(AssemblyCodeHash.Of(PluginA()));
    }

    [Fact]
    public void Method_bodies_and_string_literals_count_and_version_attributes_do_not()
    {
        var one = Emit("one", returns: 1, version: new Version(1, 0, 0, 0), informationalVersion: "1.0.0+0123abcd");
        var restamped = Emit("restamped", returns: 1, version: new Version(2, 0, 0, 0), informationalVersion: "2.0.0-beta+fedcba9876543210");
        var two = Emit("two", returns: 2, version: new Version(1, 0, 0, 0), informationalVersion: "1.0.0+0123abcd");
        // Same length, so every ldstr offset stays the same: only the literal itself differs.
        var reworded = Emit("reworded", returns: 1, version: new Version(1, 0, 0, 0), informationalVersion: "1.0.0+0123abcd", message: "damaged");

        AssemblyCodeHash.Of(restamped).Should().Be(AssemblyCodeHash.Of(one));
        AssemblyCodeHash.Of(two).Should().NotBe(AssemblyCodeHash.Of(one));
        AssemblyCodeHash.Of(reworded).Should().NotBe(AssemblyCodeHash.Of(one));
    }

    [Fact]
    public void Rewritten_file_is_hashed_again()
    {
        var path = Emit("file", returns: 1, new Version(1, 0, 0, 0), "1.0.0");
        var before = AssemblyCodeHash.Of(path);

        // A rebuild: same length (the emitted images are), new contents, a later write time.
        File.Copy(Emit("other", returns: 3, new Version(1, 0, 0, 0), "1.0.0"), path, overwrite: true);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(1));

        AssemblyCodeHash.Of(path).Should().NotBe(before);
    }

    /// <summary>
    /// Writes an assembly named <c>Emitted</c> with a method returning <paramref name="returns"/> and one returning
    /// the literal <paramref name="message"/>.
    /// </summary>
    private string Emit(string file, int returns, Version version, string informationalVersion, string message = "corrupt")
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("Emitted") { Version = version }, typeof(object).Assembly);
        builder.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(AssemblyInformationalVersionAttribute).GetConstructor([typeof(string)])!, [informationalVersion]));
        var type = builder.DefineDynamicModule("Emitted").DefineType("Emitted.Code", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var il = type.DefineMethod("Value", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes).GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, returns);
        il.Emit(OpCodes.Ret);
        var text = type.DefineMethod("Message", MethodAttributes.Public | MethodAttributes.Static, typeof(string), Type.EmptyTypes).GetILGenerator();
        text.Emit(OpCodes.Ldstr, message);
        text.Emit(OpCodes.Ret);
        type.CreateType();
        var path = _directory.File(file + ".dll");
        builder.Save(path);
        return path;
    }

    private static string? InformationalVersion(string path) => FileVersionInfo.GetVersionInfo(path).ProductVersion;

    private static Guid Mvid(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        return md.GetGuid(md.GetModuleDefinition().Mvid);
    }

    private static string FileHash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
