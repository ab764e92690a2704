using SeCo.Host.Planning;
using SeCo.Host.Tests.Pipelines;

namespace SeCo.Host.Tests.Planning;

public sealed class DependencyGraphTests
{
    [Fact]
    public void Topological_order_keeps_declaration_order_among_independent_stages()
    {
        var graph = new DependencyGraph(["d", "a", "b", "c"], [("a", "d"), ("b", "d"), ("c", "b")]);

        graph.TopologicalOrder(out var cycle).Should().Equal("a", "c", "b", "d");
        cycle.Should().BeNull();
    }

    [Fact]
    public void Cycle_is_returned_in_edge_order_starting_at_the_first_declared_stage()
    {
        var graph = new DependencyGraph(["x", "c", "a", "b"], [("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")]);

        graph.TopologicalOrder(out var cycle).Should().BeNull();
        cycle.Should().Equal("c", "a", "b");
    }

    [Fact]
    public void Self_loop_is_a_cycle_of_one()
    {
        var graph = new DependencyGraph(["a"], [("a", "a")]);

        graph.TopologicalOrder(out var cycle).Should().BeNull();
        cycle.Should().Equal("a");
    }

    [Fact]
    public void Descendants_are_every_stage_reachable_downstream()
    {
        var graph = new DependencyGraph(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("d", "c")]);

        graph.DescendantsOf("a").Should().BeEquivalentTo(["b", "c"]);
        graph.DescendantsOf("c").Should().BeEmpty();
    }

    [Fact]
    public void Mermaid_flowchart_labels_edges_with_ports()
    {
        using var fixture = new PipelineFixture();
        var plan = fixture.Load("""
            { "name": "p", "stages": [
              { "id": "s", "use": "test.source" },
              { "id": "t", "use": "test.transform", "in": { "items": "s.items", "extra": "s.items" } } ] }
            """).Plan!;

        MermaidWriter.Write(plan).Should().Be("""
            flowchart LR
                n0["s<br/><small>test.source</small>"]
                n1["t<br/><small>test.transform</small>"]
                n0 -->|"items"| n1
                n0 -->|"items → extra"| n1

            """.Replace("\r\n", "\n"));
    }
}
