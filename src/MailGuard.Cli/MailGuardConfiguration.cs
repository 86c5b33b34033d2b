using Microsoft.Extensions.Configuration;

namespace MailGuard.Cli;

/// <summary>
/// Builds the configuration every command reads: <c>DIR/mailguard.json</c>, then environment variables
/// prefixed <c>MAILGUARD_</c>, then <c>--Section:Key=value</c> overrides from the command line.
/// </summary>
internal static class MailGuardConfiguration
{
    public const string FileName = "mailguard.json";

    /// <summary>The config folder: the one given, else ./config, else the one beside the executable.</summary>
    public static DirectoryInfo ResolveDirectory(DirectoryInfo? given)
    {
        if (given is not null)
        {
            return given;
        }
        var local = new DirectoryInfo(Path.Combine(Environment.CurrentDirectory, "config"));
        if (File.Exists(Path.Combine(local.FullName, FileName)))
        {
            return local;
        }
        return new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "config"));
    }

    /// <summary>
    /// A <c>--Section:Key=value</c> (or top-level <c>--Key=value</c>) setting. A command with a variadic argument (paths,
    /// ids) receives these among its values, because the parser does not know them as options.
    /// </summary>
    public static bool IsOverride(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=') > 2;

    /// <summary>Reads the layered configuration; throws <see cref="ConfigurationException"/> with a clear message when the file is missing or broken.</summary>
    public static IConfigurationRoot Build(DirectoryInfo directory, IReadOnlyList<string> overrides)
    {
        var file = Path.Combine(directory.FullName, FileName);
        if (!File.Exists(file))
        {
            throw new ConfigurationException($"no configuration file at {file}");
        }
        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(file, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables("MAILGUARD_")
                .AddCommandLine([.. overrides])
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConfigDirectory"] = directory.FullName })
                .Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigurationException($"{file}: {e.GetBaseException().Message}");
        }
    }
}

/// <summary>A configuration that cannot be used; the message says where and why.</summary>
internal sealed class ConfigurationException(string message) : Exception(message);
