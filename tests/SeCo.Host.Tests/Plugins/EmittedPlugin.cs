using System.Reflection;
using System.Reflection.Emit;

namespace SeCo.Host.Tests.Plugins;

/// <summary>
/// Writes real PE assemblies at test time with <see cref="PersistedAssemblyBuilder"/>, for plugin folders
/// no project can produce: a plugin compiled against another SeCo.Sdk version, or against none.
/// </summary>
internal static class EmittedPlugin
{
    /// <summary>
    /// Writes <c>&lt;pluginsDirectory&gt;/&lt;name&gt;/&lt;name&gt;.dll</c> whose metadata references an assembly
    /// <c>SeCo.Sdk</c> of <paramref name="sdkVersion"/>: a fake SDK of that version is emitted too, and the plugin's
    /// startup type implements the fake SDK's <c>SeCo.Sdk.Stages.IPluginStartup</c>.
    /// </summary>
    public static string WriteAgainstSdk(string pluginsDirectory, string name, Version sdkVersion)
    {
        var sdk = new PersistedAssemblyBuilder(new AssemblyName("SeCo.Sdk") { Version = sdkVersion }, typeof(object).Assembly);
        var sdkModule = sdk.DefineDynamicModule("SeCo.Sdk");
        var startupInterface = sdkModule.DefineType(
            "SeCo.Sdk.Stages.IPluginStartup", TypeAttributes.Public | TypeAttributes.Interface | TypeAttributes.Abstract);
        startupInterface.CreateType();

        return Write(pluginsDirectory, name, module =>
        {
            var startup = module.DefineType(
                $"{name}.Startup", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object), [startupInterface]);
            startup.DefineDefaultConstructor(MethodAttributes.Public);
            startup.CreateType();
        });
    }

    /// <summary>
    /// Writes a plugin whose only reference to the host's SeCo.Sdk is a static field of an SDK enum type:
    /// a valid plugin with no stages and no startups.
    /// </summary>
    public static string WriteWithoutStages(string pluginsDirectory, string name, Type sdkType) =>
        Write(pluginsDirectory, name, module =>
        {
            var holder = module.DefineType($"{name}.Holder", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
            holder.DefineField("Value", sdkType, FieldAttributes.Public | FieldAttributes.Static);
            holder.CreateType();
        });

    /// <summary>Writes an assembly that references nothing but the core library.</summary>
    public static string WriteWithoutSdk(string pluginsDirectory, string name) =>
        Write(pluginsDirectory, name, module =>
        {
            var type = module.DefineType($"{name}.Nothing", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            type.CreateType();
        });

    private static string Write(string pluginsDirectory, string name, Action<ModuleBuilder> defineTypes)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        defineTypes(assembly.DefineDynamicModule(name));
        var folder = Path.Combine(pluginsDirectory, name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".dll");
        assembly.Save(path);
        return path;
    }
}
