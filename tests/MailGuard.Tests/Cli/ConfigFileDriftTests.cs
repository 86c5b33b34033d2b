using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Cli;

/// <summary>
/// <c>config/mailguard.json</c> must show every option with the default the code uses, and nothing else.
/// Generic: every type in a MailGuard assembly with a <c>const string Section</c> is an options class, and every
/// <c>AddMailGuardXxx(IServiceCollection)</c> is called, so a new stage's options are covered as soon as they exist.
/// </summary>
public sealed class ConfigFileDriftTests
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    [Test]
    public void Every_key_in_the_file_is_an_option_and_every_option_is_in_the_file()
    {
        var root = LoadFile();
        var sections = OptionsTypes();
        var problems = new List<string>();
        using var services = Services(new ConfigurationBuilder().Build());
        foreach (var (path, type) in sections.Where(s => !IsBound(services, s.Value)).ToList())
        {
            // Declared but read by no stage yet: its keys could not take effect, so it is reported, not required.
            TestContext.Out.WriteLine($"note: {type.FullName} declares section \"{path}\" but no AddMailGuardXxx() binds it");
            sections.Remove(path);
        }

        foreach (var (path, type) in sections)
        {
            var node = path.Length == 0 ? root : Find(root, path);
            if (node is null)
            {
                problems.Add($"{path}: section of {type.Name} is missing from the file");
                continue;
            }
            CompareKeys(path, type, node.Value, problems, topLevel: path.Length == 0);
        }
        foreach (var key in root.EnumerateObject())
        {
            var isRootOption = sections.TryGetValue("", out var rootType) && Settable(rootType).Any(p => Same(p.Name, key.Name));
            var isSectionOrParent = sections.Keys.Any(s => Same(s, key.Name) || s.StartsWith(key.Name + ":", StringComparison.OrdinalIgnoreCase));
            if (!isRootOption && !isSectionOrParent)
            {
                problems.Add($"{key.Name}: no options class reads this key");
            }
        }

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void Every_value_in_the_file_is_the_default_the_code_uses()
    {
        var fileConfig = new ConfigurationBuilder()
            .AddJsonFile(FilePath(), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConfigDirectory"] = Path.GetDirectoryName(FilePath()) })
            .Build();
        var emptyConfig = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConfigDirectory"] = Path.GetDirectoryName(FilePath()) })
            .Build();
        using var fromFile = Services(fileConfig);
        using var fromCode = Services(emptyConfig);
        var problems = new List<string>();

        foreach (var (path, type) in OptionsTypes())
        {
            var filed = Effective(fromFile, type);
            var coded = Effective(fromCode, type);
            foreach (var property in Settable(type))
            {
                var a = JsonSerializer.Serialize(property.GetValue(filed), property.PropertyType, Json);
                var b = JsonSerializer.Serialize(property.GetValue(coded), property.PropertyType, Json);
                if (a != b)
                {
                    problems.Add($"{Join(path, property.Name)}: the file gives {a}, the code's default is {b}");
                }
            }
        }

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    private static void CompareKeys(string path, Type type, JsonElement node, List<string> problems, bool topLevel)
    {
        var properties = Settable(type).ToList();
        foreach (var property in properties)
        {
            if (!node.TryGetProperty(property.Name, out var value) && !node.EnumerateObject().Any(k => Same(k.Name, property.Name)))
            {
                problems.Add($"{Join(path, property.Name)}: option of {type.Name} is missing from the file");
            }
            else if (IsNestedOptions(property.PropertyType) && value.ValueKind == JsonValueKind.Object)
            {
                CompareKeys(Join(path, property.Name), property.PropertyType, value, problems, topLevel: false);
            }
        }
        if (topLevel)
        {
            return;
        }
        foreach (var key in node.EnumerateObject())
        {
            if (!properties.Any(p => Same(p.Name, key.Name)) && !OptionsTypes().Keys.Any(s => Same(s, Join(path, key.Name))))
            {
                problems.Add($"{Join(path, key.Name)}: {type.Name} has no such option");
            }
        }
    }

    private static bool IsBound(ServiceProvider services, Type type) =>
        ((IEnumerable)services.GetServices(typeof(IConfigureOptions<>).MakeGenericType(type))).Cast<object>().Any();

    /// <summary>The options as the stage sees them (bound and post-configured), without running validation.</summary>
    private static object Effective(ServiceProvider services, Type type)
    {
        var instance = Activator.CreateInstance(type)!;
        var configure = typeof(IConfigureOptions<>).MakeGenericType(type);
        foreach (var step in (IEnumerable)services.GetServices(configure))
        {
            configure.GetMethod("Configure")!.Invoke(step, [instance]);
        }
        var post = typeof(IPostConfigureOptions<>).MakeGenericType(type);
        foreach (var step in (IEnumerable)services.GetServices(post))
        {
            post.GetMethod("PostConfigure")!.Invoke(step, [Options.DefaultName, instance]);
        }
        return instance;
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        foreach (var add in MailGuardAssemblies().SelectMany(a => a.GetTypes())
                     .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                     .Where(m => m.Name.StartsWith("AddMailGuard", StringComparison.Ordinal)
                                 && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(IServiceCollection)))
        {
            add.Invoke(null, [services]);
        }
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, Type> OptionsTypes() =>
        MailGuardAssemblies().SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string) && x.Type.GetConstructor(Type.EmptyTypes) is not null)
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<Assembly> MailGuardAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("MailGuard.", StringComparison.Ordinal) || n == "mailguard.dll")
                        && n != "MailGuard.Tests.dll")
            .Select(f => Assembly.Load(AssemblyName.GetAssemblyName(f)));

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.SetMethod is { IsPublic: true });

    private static bool IsNestedOptions(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static JsonElement? Find(JsonElement root, string path)
    {
        var node = root;
        foreach (var part in path.Split(':'))
        {
            var match = node.ValueKind == JsonValueKind.Object ? node.EnumerateObject().FirstOrDefault(p => Same(p.Name, part)) : default;
            if (match.Value.ValueKind == JsonValueKind.Undefined)
            {
                return null;
            }
            node = match.Value;
        }
        return node;
    }

    private static JsonElement LoadFile()
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        return JsonDocument.Parse(File.ReadAllText(FilePath()), options).RootElement.Clone();
    }

    private static string FilePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "config", "mailguard.json");
            if (File.Exists(Path.Combine(dir.FullName, "MailGuard.sln")) && File.Exists(file))
            {
                return file;
            }
        }
        throw new FileNotFoundException("config/mailguard.json not found above the test directory");
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + ":" + key;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
