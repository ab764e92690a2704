using SeCo.Host.Options;
using SeCo.Host.Pipelines;
using SeCo.Host.Plugins;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Planning;

/// <summary>
/// Checks a parsed pipeline against the stage catalog, reporting every problem at once: unknown stage
/// types, unknown ports and sources, port type mismatches, missing required inputs, bad options and
/// cycles. Produces the <see cref="PipelinePlan"/> when there is none.
/// </summary>
internal static class PipelineValidator
{
    public static PipelinePlan? Validate(PipelineDefinition definition, PipelineSource source, StageCatalog catalog, List<ValidationError> errors)
    {
        var before = errors.Count;
        var descriptors = new Dictionary<string, StageDescriptor>(StringComparer.Ordinal);
        foreach (var stage in definition.Stages)
        {
            if (catalog.TryGet(stage.Use, out var descriptor))
            {
                descriptors[stage.Id] = descriptor;
            }
            else
            {
                var known = catalog.Stages.Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
                errors.Add(source.Error($"{stage.JsonPath}.use",
                    $"Unknown stage '{stage.Use}'.{EditDistance.Suggest(stage.Use, known)} Installed stages: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}."));
            }
        }

        var stageIds = definition.Stages.Select(s => s.Id).ToList();
        var stageIdSet = stageIds.ToHashSet(StringComparer.Ordinal);
        var edges = new List<(string From, string To)>();
        var planned = new Dictionary<string, (object Options, string Canonical, List<PlannedInput> Inputs)>(StringComparer.Ordinal);
        foreach (var stage in definition.Stages)
        {
            descriptors.TryGetValue(stage.Id, out var descriptor);
            var inputs = CheckInputs(stage, descriptor, descriptors, stageIds, stageIdSet, source, errors, edges);
            if (descriptor is null)
            {
                continue;
            }

            var binding = OptionsBinder.Bind(descriptor.OptionsType, stage.With, inputs.Select(i => i.Port).ToHashSet(StringComparer.Ordinal));
            var withPath = $"{stage.JsonPath}.with";
            foreach (var error in binding.Errors)
            {
                var path = JsonPathText.Append(withPath, error.Parts);
                errors.Add(source.Error(stage.With is null && error.Parts.Count == 0 ? stage.JsonPath : path,
                    $"Stage '{stage.Id}' ({stage.Use}): {error.Message}", error.AtKey));
            }

            if (binding.Succeeded)
            {
                planned[stage.Id] = (binding.Options!, OptionsCanonicalizer.Canonicalize(binding.Options!), inputs);
            }
        }

        var graph = new DependencyGraph(stageIds, edges.Distinct());
        var order = graph.TopologicalOrder(out var cycle);
        if (cycle is not null)
        {
            var first = definition.Stages.First(s => s.Id == cycle[0]);
            errors.Add(source.Error($"{first.JsonPath}.in",
                $"Stages form a cycle: {string.Join(" → ", cycle.Append(cycle[0]))}. A stage cannot depend on its own outputs."));
        }

        if (errors.Count > before || order is null)
        {
            return null;
        }

        var byId = definition.Stages.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var stages = order.Select(id => new PlannedStage(byId[id], descriptors[id], planned[id].Options, planned[id].Canonical, planned[id].Inputs)).ToList();
        return new PipelinePlan(definition, stages, graph);
    }

    private static List<PlannedInput> CheckInputs(StageDefinition stage, StageDescriptor? descriptor, Dictionary<string, StageDescriptor> descriptors,
        List<string> stageIds, HashSet<string> stageIdSet, PipelineSource source, List<ValidationError> errors, List<(string, string)> edges)
    {
        var inputs = new List<PlannedInput>();
        var connected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in stage.Inputs)
        {
            var port = descriptor?.Inputs.FirstOrDefault(p => p.Name == binding.Port);
            if (descriptor is not null && port is null)
            {
                var names = descriptor.Inputs.Select(p => p.Name).ToList();
                errors.Add(source.Error(binding.JsonPath,
                    $"Stage '{stage.Id}' ({stage.Use}) has no input port '{binding.Port}'.{EditDistance.Suggest(binding.Port, names)} Its inputs: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.",
                    atKey: true));
            }

            if (!stageIdSet.Contains(binding.SourceStage))
            {
                errors.Add(source.Error(binding.JsonPath,
                    $"Input '{binding.Port}' of stage '{stage.Id}' refers to stage '{binding.SourceStage}', which is not in the pipeline.{EditDistance.Suggest(binding.SourceStage, stageIds)}"));
                continue;
            }

            edges.Add((binding.SourceStage, stage.Id));
            if (!descriptors.TryGetValue(binding.SourceStage, out var sourceDescriptor))
            {
                // The source's own 'use' is unknown and already reported.
                continue;
            }

            var output = sourceDescriptor.Outputs.FirstOrDefault(p => p.Name == binding.SourcePort);
            if (output is null)
            {
                var names = sourceDescriptor.Outputs.Select(p => p.Name).ToList();
                errors.Add(source.Error(binding.JsonPath,
                    $"Stage '{binding.SourceStage}' ({sourceDescriptor.Id}) has no output port '{binding.SourcePort}'.{EditDistance.Suggest(binding.SourcePort, names)} Its outputs: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}."));
                continue;
            }

            if (port is null)
            {
                continue;
            }

            if (!port.ArtifactType.IsAssignableFrom(output.ArtifactType))
            {
                errors.Add(source.Error(binding.JsonPath,
                    $"Type mismatch: input '{port.Name}' of stage '{stage.Id}' takes {port.ArtifactType.Name} ({port.ArtifactType.FullName}), but '{binding.SourceStage}.{binding.SourcePort}' produces {output.ArtifactType.Name} ({output.ArtifactType.FullName})."));
                continue;
            }

            connected.Add(port.Name);
            inputs.Add(new PlannedInput(port.Name, binding.SourceStage, binding.SourcePort));
        }

        if (descriptor is not null)
        {
            foreach (var missing in descriptor.Inputs.Where(p => !p.IsOptional && !connected.Contains(p.Name) && stage.Inputs.All(b => b.Port != p.Name)))
            {
                errors.Add(source.Error(stage.Inputs.Count > 0 ? $"{stage.JsonPath}.in" : stage.JsonPath,
                    $"Stage '{stage.Id}' ({stage.Use}) needs input '{missing.Name}' ({missing.ArtifactType.Name}); connect it in \"in\" as \"{missing.Name}\": \"stageId.port\"."));
            }
        }

        return inputs;
    }
}
