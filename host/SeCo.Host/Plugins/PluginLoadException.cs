namespace SeCo.Host.Plugins;

/// <summary>A plugin folder that cannot be used: why, in one sentence naming the plugin.</summary>
internal sealed class PluginLoadException(string message, Exception? innerException = null) : Exception(message, innerException);
