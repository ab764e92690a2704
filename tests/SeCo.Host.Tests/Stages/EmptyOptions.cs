namespace SeCo.Host.Tests.Stages;

public sealed record EmptyOptions;
