using MailGuard.Core;
using YamlDotNet.RepresentationModel;

namespace MailGuard.Scan.Decide;

/// <summary>Walks the YAML tree of a rules file, building rules and collecting errors with their lines.</summary>
internal sealed class RuleReader
{
    private static readonly string[] RuleKeys = ["name", "description", "mode", "when", "action", "tag", "bcc", "notify"];
    private readonly Dictionary<string, AddressList> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public List<RuleError> Errors { get; } = [];

    public RuleSet? Read(YamlNode? root, string source)
    {
        if (root is not YamlMappingNode map)
        {
            Error(root, "the rules file must be a mapping with 'rules' and 'default'");
            return null;
        }
        CheckKeys(map, ["groups", "rules", "default"]);
        if (Get(map, "groups") is { } groups)
        {
            ReadGroups(groups);
        }
        var rules = new List<Rule>();
        if (Get(map, "rules") is { } list)
        {
            if (list is YamlSequenceNode seq)
            {
                foreach (var node in seq)
                {
                    if (ReadRule(node, isDefault: false) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
            }
            else
            {
                Error(list, "'rules' must be a list of rules");
            }
        }
        var fallbackNode = Get(map, "default");
        if (fallbackNode is null)
        {
            Error(map, "'default' is missing: say what happens when no rule matches (for example 'default: { action: pass }')");
            return null;
        }
        var fallback = ReadRule(fallbackNode, isDefault: true);
        return fallback is null ? null : new RuleSet(rules, fallback, _groups, source);
    }

    private void ReadGroups(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "'groups' must map a group name to a list of addresses or domains");
            return;
        }
        foreach (var (key, value) in map.Children)
        {
            if (Strings(value, "a group") is { } members)
            {
                _groups[Scalar(key) ?? ""] = new AddressList(members);
            }
        }
    }

    private Rule? ReadRule(YamlNode node, bool isDefault)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, isDefault ? "'default' must be a mapping with an 'action'" : "a rule must be a mapping with 'name', 'when' and 'action'");
            return null;
        }
        CheckKeys(map, isDefault ? [.. RuleKeys.Where(k => k != "when")] : RuleKeys);
        var errorsBefore = Errors.Count;
        var name = isDefault ? (Text(map, "name") ?? "default") : Text(map, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            Error(map, "the rule has no 'name'");
        }
        else if (!_names.Add(name))
        {
            Error(map, $"a rule named '{name}' comes earlier; rule names must be unique");
        }
        RuleCondition? when = null;
        if (!isDefault)
        {
            var whenNode = Get(map, "when");
            if (whenNode is null)
            {
                Error(map, $"rule '{name}' has no 'when' condition");
            }
            else
            {
                when = new ConditionReader(this, _groups).Read(whenNode);
            }
        }
        var action = VerdictAction.Pass;
        var actionText = Text(map, "action");
        if (actionText is null)
        {
            Error(map, $"rule '{name}' has no 'action' (pass, tag, quarantine or reject)");
        }
        else if (!RulesLoader.Actions.TryGetValue(actionText, out action))
        {
            Error(Get(map, "action"), $"unknown action '{actionText}': use pass, tag, quarantine or reject");
        }
        PolicyMode? mode = null;
        if (Text(map, "mode") is { } modeText)
        {
            if (Enum.TryParse<PolicyMode>(modeText, ignoreCase: true, out var m))
            {
                mode = m;
            }
            else
            {
                Error(Get(map, "mode"), $"unknown mode '{modeText}': use Enforce or Monitor");
            }
        }
        var (headers, prefix) = ReadTag(Get(map, "tag"));
        var bcc = Get(map, "bcc") is { } bccNode ? Strings(bccNode, "'bcc'") ?? [] : [];
        foreach (var address in bcc.Where(a => !a.Contains('@')))
        {
            Error(Get(map, "bcc"), $"'{address}' in 'bcc' is not a mail address");
        }
        var notify = ReadNotify(Get(map, "notify"));
        var description = ReadDescription(Get(map, "description"));
        return Errors.Count > errorsBefore || name is null
            ? null
            : new Rule(name, (int)node.Start.Line, when, action, mode, description, headers, prefix, bcc, notify);
    }

    private (IReadOnlyList<KeyValuePair<string, string>> Headers, string? Prefix) ReadTag(YamlNode? node)
    {
        if (node is null)
        {
            return ([], null);
        }
        if (node is not YamlMappingNode map)
        {
            Error(node, "'tag' must be a mapping with 'headers' and/or 'subject_prefix'");
            return ([], null);
        }
        CheckKeys(map, ["headers", "subject_prefix"]);
        var headers = new List<KeyValuePair<string, string>>();
        if (Get(map, "headers") is { } h)
        {
            if (h is YamlMappingNode hm)
            {
                foreach (var (key, value) in hm.Children)
                {
                    var name = Scalar(key) ?? "";
                    var text = Scalar(value) ?? "";
                    if (!name.StartsWith("X-MailGuard-", StringComparison.OrdinalIgnoreCase) || name.Any(c => c <= ' ' || c == ':' || c > '~'))
                    {
                        Error(key, $"header '{name}': tag headers must be named X-MailGuard-Something");
                    }
                    else if (text.Any(c => c is '\r' or '\n'))
                    {
                        Error(value, $"header '{name}': the value must be one line");
                    }
                    headers.Add(new(name, text));
                }
            }
            else
            {
                Error(h, "'headers' must map header names to values");
            }
        }
        var prefix = Text(map, "subject_prefix");
        if (prefix is not null && prefix.Any(c => c is '\r' or '\n'))
        {
            Error(Get(map, "subject_prefix"), "'subject_prefix' must be one line");
        }
        return (headers, prefix);
    }

    private NotifyTargets ReadNotify(YamlNode? node)
    {
        var targets = NotifyTargets.None;
        foreach (var item in node is null ? [] : Strings(node, "'notify'") ?? [])
        {
            if (Enum.TryParse<NotifyTargets>(item, ignoreCase: true, out var t) && t != NotifyTargets.None)
            {
                targets |= t;
            }
            else
            {
                Error(node, $"unknown notify target '{item}': use sender and/or reviewers");
            }
        }
        return targets;
    }

    private Dictionary<string, string> ReadDescription(YamlNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is YamlScalarNode s)
        {
            result["en"] = s.Value ?? "";
        }
        else if (node is YamlMappingNode map)
        {
            CheckKeys(map, ["en", "ja"]);
            foreach (var (key, value) in map.Children)
            {
                result[Scalar(key) ?? ""] = Scalar(value) ?? "";
            }
        }
        else if (node is not null)
        {
            Error(node, "'description' must be text, or a mapping of 'en' and 'ja' texts");
        }
        return result;
    }

    internal void CheckKeys(YamlMappingNode map, IReadOnlyCollection<string> allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = Scalar(key);
            if (name is null || !allowed.Contains(name))
            {
                Error(key, $"unknown key '{name}'; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    internal static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    internal static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    private string? Text(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null)
        {
            return null;
        }
        if (node is YamlScalarNode s)
        {
            return s.Value;
        }
        Error(node, $"'{key}' must be a single value");
        return null;
    }

    /// <summary>A list of texts; a single text counts as a list of one.</summary>
    internal List<string>? Strings(YamlNode node, string what)
    {
        if (node is YamlScalarNode s)
        {
            return [s.Value ?? ""];
        }
        if (node is YamlSequenceNode seq && seq.All(n => n is YamlScalarNode))
        {
            return [.. seq.Select(n => Scalar(n) ?? "")];
        }
        Error(node, $"{what} must be a list of values");
        return null;
    }

    internal void Error(YamlNode? node, string message) =>
        Errors.Add(new RuleError(node?.Start.Line ?? 1, node?.Start.Column ?? 1, message));
}
