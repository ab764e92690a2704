using System.Reflection;
using System.Reflection.Emit;

namespace SeCo.Host.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which, by plain reflection: the types named in signatures (base types,
/// interfaces, fields, properties, parameters, locals) and the types and members the IL of every method body refers to
/// (calls, field accesses, <c>new</c>, casts). Compiler-generated types (lambdas, async state machines) count for the
/// namespace of the type they are nested in.
/// </summary>
internal static class NamespaceGraph
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The namespaces under <paramref name="root"/> and the other such namespaces each one uses.</summary>
    public static Dictionary<string, HashSet<string>> Of(Assembly assembly, string root)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in Uses(assembly, root))
        {
            var source = from.Namespace!;
            if (!graph.TryGetValue(source, out var targets))
            {
                graph[source] = targets = new HashSet<string>(StringComparer.Ordinal);
            }

            if (to.Namespace != source)
            {
                targets.Add(to.Namespace!);
                graph.TryAdd(to.Namespace!, new HashSet<string>(StringComparer.Ordinal));
            }
        }

        return graph;
    }

    /// <summary>The strongly connected groups of more than one namespace (Tarjan), each sorted by name.</summary>
    public static List<List<string>> Cycles(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.TryGetValue(node, out var targets) ? targets.Order(StringComparer.Ordinal).ToList() : [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);

                if (group.Count > 1)
                {
                    cycles.Add(group.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    /// <summary>One use per edge inside <paramref name="cycle"/>, e.g. <c>Running.PipelineRunner uses Reporting.RunReport</c>.</summary>
    public static string Evidence(Assembly assembly, string root, IReadOnlyCollection<string> cycle) =>
        string.Join(", ", Uses(assembly, root)
            .Where(u => u.From.Namespace != u.To.Namespace && cycle.Contains(u.From.Namespace!) && cycle.Contains(u.To.Namespace!))
            .GroupBy(u => (u.From.Namespace, u.To.Namespace))
            .Select(g => $"{g.First().From.FullName} uses {g.First().To.FullName}"));

    private static IEnumerable<(Type From, Type To)> Uses(Assembly assembly, string root)
    {
        bool Inside(Type? type) => type is { IsGenericParameter: false, Namespace: { } ns } && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal)) && type.Assembly == assembly;

        foreach (var type in assembly.GetTypes().Where(Inside))
        {
            foreach (var used in Referenced(type).SelectMany(Expand).Where(Inside).Distinct())
            {
                yield return (type, used!);
            }
        }
    }

    private static IEnumerable<Type> Referenced(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var face in type.GetInterfaces())
        {
            yield return face;
        }

        foreach (var field in type.GetFields(Everything))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(Everything))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            foreach (var used in InBody(method))
            {
                yield return used;
            }
        }
    }

    /// <summary>The locals of a method body and the types and members its IL refers to by token.</summary>
    private static IEnumerable<Type> InBody(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            return [];
        }

        var found = body.LocalVariables.Select(l => l.LocalType).ToList();
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var code = il[position] == 0xFE && position + 1 < il.Length
                ? s_opCodes[unchecked((short)(0xFE00 | il[position + 1]))]
                : s_opCodes[il[position]];
            position += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    if (Resolve(method.Module, BitConverter.ToInt32(il, position), typeArguments, methodArguments) is { } type)
                    {
                        found.Add(type);
                    }

                    position += 4;
                    break;
                default:
                    position += 4;
                    break;
            }
        }

        return found;
    }

    private static Type? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments) switch
            {
                Type type => type,
                { } member => member.DeclaringType,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or TypeLoadException or FileNotFoundException or BadImageFormatException or MissingMemberException)
        {
            // A token into an assembly this process cannot load names no type of the host: nothing to count.
            return null;
        }
    }

    /// <summary>A type with its generic arguments and element types (<c>List&lt;StageRecord&gt;</c> uses StageRecord).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            return Expand(element);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return type.GetGenericArguments().SelectMany(Expand).Prepend(type.GetGenericTypeDefinition());
        }

        return [type];
    }
}
