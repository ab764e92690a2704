namespace SeCo.Host.Tests.Stages;

public enum TransformMode
{
    Fast,
    VerySlow,
}
