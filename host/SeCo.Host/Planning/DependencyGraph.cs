namespace SeCo.Host.Planning;

/// <summary>
/// Stages and the edges "A feeds B". Gives a topological order (stable: ties keep declaration
/// order), the cycle when there is none, and a stage's descendants.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly List<string> _nodes;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, SortedSet<int>> _successors;
    private readonly Dictionary<string, SortedSet<int>> _predecessors;

    public DependencyGraph(IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges)
    {
        _nodes = nodes.ToList();
        _index = _nodes.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        _successors = _nodes.ToDictionary(n => n, _ => new SortedSet<int>(), StringComparer.Ordinal);
        _predecessors = _nodes.ToDictionary(n => n, _ => new SortedSet<int>(), StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            _successors[from].Add(_index[to]);
            _predecessors[to].Add(_index[from]);
        }
    }

    /// <summary>The stages feeding <paramref name="node"/> directly.</summary>
    public IEnumerable<string> PredecessorsOf(string node) => _predecessors[node].Select(i => _nodes[i]);

    /// <summary>
    /// A topological order, or null with <paramref name="cycle"/> set to the stages on one cycle, in
    /// edge order, starting with the earliest declared.
    /// </summary>
    public IReadOnlyList<string>? TopologicalOrder(out IReadOnlyList<string>? cycle)
    {
        var inDegree = _nodes.ToDictionary(n => n, n => _predecessors[n].Count, StringComparer.Ordinal);
        var ready = new SortedSet<int>(_nodes.Where(n => inDegree[n] == 0).Select(n => _index[n]));
        var order = new List<string>(_nodes.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            var node = _nodes[next];
            order.Add(node);
            foreach (var successor in _successors[node])
            {
                if (--inDegree[_nodes[successor]] == 0)
                {
                    ready.Add(successor);
                }
            }
        }

        if (order.Count == _nodes.Count)
        {
            cycle = null;
            return order;
        }

        cycle = FindCycle(_nodes.Where(n => inDegree[n] > 0).ToHashSet(StringComparer.Ordinal));
        return null;
    }

    /// <summary>Every stage reachable from <paramref name="node"/> (not including it).</summary>
    public IReadOnlySet<string> DescendantsOf(string node)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([node]);
        while (stack.Count > 0)
        {
            foreach (var successor in _successors[stack.Pop()])
            {
                if (seen.Add(_nodes[successor]))
                {
                    stack.Push(_nodes[successor]);
                }
            }
        }

        seen.Remove(node);
        return seen;
    }

    private List<string> FindCycle(HashSet<string> remaining)
    {
        // Every remaining node has a remaining predecessor: walk backwards until a node repeats.
        var start = remaining.OrderBy(n => _index[n]).First();
        var walk = new List<string>();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = start;
        while (!position.ContainsKey(current))
        {
            position[current] = walk.Count;
            walk.Add(current);
            current = _predecessors[current].Select(i => _nodes[i]).First(remaining.Contains);
        }

        var cycle = walk.Skip(position[current]).Reverse().ToList();
        var first = cycle.IndexOf(cycle.OrderBy(n => _index[n]).First());
        return [.. cycle.Skip(first), .. cycle.Take(first)];
    }
}
