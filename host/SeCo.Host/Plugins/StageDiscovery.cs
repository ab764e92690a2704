using System.Reflection;
using System.Text.RegularExpressions;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Plugins;

/// <summary>
/// Finds the stages (<c>[Stage]</c> types implementing <see cref="IStage{TOptions}"/>) and the
/// <see cref="IPluginStartup"/> implementations of a plugin assembly, and reports every malformed one.
/// </summary>
internal static partial class StageDiscovery
{
    /// <summary>
    /// The stage id grammar (as an ECMA-262 pattern, for schemas and messages): lower-case words separated
    /// by dots, the first word without dashes.
    /// </summary>
    public const string StageIdPattern = "^[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*$";

    /// <summary>True when <paramref name="id"/> is a valid stage id.</summary>
    public static bool IsValidStageId(string? id) => id is not null && StageIdRegex().IsMatch(id);

    /// <summary>Discovers the stages and startups of a plugin's main assembly.</summary>
    /// <param name="assembly">The plugin's main assembly.</param>
    /// <param name="plugin">The plugin, named in descriptors and messages.</param>
    /// <param name="documentation">The assembly's XML documentation, attached to each stage.</param>
    /// <exception cref="PluginLoadException">
    /// The assembly's types cannot be loaded, or some stage or startup type is malformed; the message lists
    /// every problem, each naming the type and the plugin.
    /// </exception>
    public static PluginContents Discover(Assembly assembly, PluginInfo plugin, XmlDocumentation documentation)
    {
        var types = GetTypes(assembly, plugin);
        var problems = new List<string>();
        var stages = new List<StageDescriptor>();
        var startupTypes = new List<Type>();
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<StageAttribute>(inherit: false) is { } attribute)
            {
                var stageProblems = ProblemsOf(type, attribute);
                if (stageProblems.Count == 0)
                {
                    stages.Add(StageDescriptor.FromType(type, plugin, documentation));
                }
                else
                {
                    problems.AddRange(stageProblems.Select(p => $"Plugin '{plugin.Name}': stage type {type.FullName} {p}."));
                }
            }

            if (typeof(IPluginStartup).IsAssignableFrom(type) && !type.IsInterface && !type.IsAbstract)
            {
                if (StartupProblemOf(type) is { } problem)
                {
                    problems.Add($"Plugin '{plugin.Name}': {nameof(IPluginStartup)} type {type.FullName} {problem}.");
                }
                else
                {
                    startupTypes.Add(type);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw PluginLoadException.FromProblems(problems);
        }

        return new PluginContents(stages, startupTypes);
    }

    private static Type[] GetTypes(Assembly assembly, PluginInfo plugin)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var reasons = ex.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct().Take(5);
            throw new PluginLoadException(
                $"Plugin '{plugin.Name}': the types of {assembly.GetName().Name} cannot be loaded, a dependency is missing or incompatible: {string.Join(" ", reasons)}",
                ex);
        }
    }

    private static List<string> ProblemsOf(Type type, StageAttribute attribute)
    {
        var problems = new List<string>();
        if (!IsValidStageId(attribute.Id))
        {
            problems.Add($"has the invalid stage id '{attribute.Id}': expected lower-case words separated by dots such as 'eval.miou' (pattern {StageIdPattern})");
        }

        if (!type.IsVisible)
        {
            problems.Add("must be public");
        }

        if (type.IsAbstract || type.IsInterface || type.ContainsGenericParameters)
        {
            problems.Add("must be a concrete, non-generic type");
        }

        var stageInterfaces = type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStage<>))
            .ToList();
        if (stageInterfaces.Count == 0)
        {
            problems.Add("has [Stage] but does not implement IStage<TOptions>");
        }
        else if (stageInterfaces.Count > 1)
        {
            problems.Add($"implements IStage<TOptions> {stageInterfaces.Count} times ({string.Join(", ", stageInterfaces.Select(i => i.GetGenericArguments()[0].Name))}); a stage has one options type");
        }
        else if (stageInterfaces[0].GetGenericArguments()[0] is { IsAbstract: true } optionsType)
        {
            problems.Add($"has the abstract options type {optionsType.FullName}; options are a concrete record bound from JSON");
        }

        problems.AddRange(PortProblemsOf(type));
        return problems;
    }

    private static IEnumerable<string> PortProblemsOf(Type type)
    {
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(PortDescriptor).IsAssignableFrom(f.FieldType))
            .OrderBy(f => f.MetadataToken)
            .ToList();
        var ports = new List<(FieldInfo Field, PortDescriptor Port)>();
        foreach (var field in fields)
        {
            PortDescriptor? port;
            try
            {
                port = (PortDescriptor?)field.GetValue(null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                // The static initializer of the stage type threw (for example an empty port name).
                return [$"cannot be initialised: {ex.InnerException.Message}"];
            }

            if (port is null)
            {
                return [$"declares the port field {field.Name} but it is null"];
            }

            if (!field.IsInitOnly)
            {
                return [$"declares the port field {field.Name} without readonly; ports are public static readonly fields"];
            }

            ports.Add((field, port));
        }

        return ports
            .GroupBy(p => (p.Port.Direction, p.Port.Name))
            .Where(g => g.Count() > 1)
            .Select(g => $"declares the {g.Key.Direction.ToString().ToLowerInvariant()} port '{g.Key.Name}' more than once (fields {string.Join(", ", g.Select(p => p.Field.Name))})")
            .ToList();
    }

    private static string? StartupProblemOf(Type type)
    {
        if (!type.IsVisible)
        {
            return "must be public";
        }

        if (type.ContainsGenericParameters)
        {
            return "must not be generic";
        }

        return type.GetConstructor(Type.EmptyTypes) is null ? "needs a public parameterless constructor" : null;
    }

    // StageIdPattern anchored with \A and \z: .NET's '$' also matches before a final newline.
    [GeneratedRegex("\\A[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StageIdRegex();
}
