namespace SeCo.Sdk.Stages;

/// <summary>What a stage does with a bad input item (an unreadable image, a label of the wrong size).</summary>
public enum BadItemPolicy
{
    /// <summary>The run fails with an error naming the item.</summary>
    Fail,

    /// <summary>The item is skipped, logged, and listed in the stage's outputs.</summary>
    Skip,
}
