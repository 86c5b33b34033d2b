using System.Text.RegularExpressions;
using MailGuard.Core;
using YamlDotNet.RepresentationModel;

namespace MailGuard.Scan.Decide;

/// <summary>Reads a rule's <c>when</c>: a mapping of conditions that must all hold, nested with all/any/not.</summary>
internal sealed class ConditionReader(RuleReader reader, IReadOnlyDictionary<string, AddressList> groups)
{
    private static readonly string[] Keys =
    [
        "all", "any", "not", "external_recipients", "recipient_domain", "recipient_address", "sender_domain", "sender_address",
        "sender_in_group", "findings", "unscannable", "attachment", "size",
    ];

    private static readonly string[] Kinds =
        [FindingKind.Email, FindingKind.Person, FindingKind.Phone, FindingKind.PostalAddress, FindingKind.Signature, FindingKind.Unscannable];

    public RuleCondition? Read(YamlNode node)
    {
        if (node is not YamlMappingNode map || map.Children.Count == 0)
        {
            reader.Error(node, "a condition must be a mapping such as 'external_recipients: any'");
            return null;
        }
        reader.CheckKeys(map, Keys);
        var parts = new List<RuleCondition>();
        foreach (var (key, value) in map.Children)
        {
            if (ReadOne(RuleReader.Scalar(key) ?? "", value) is { } condition)
            {
                parts.Add(condition);
            }
        }
        return parts.Count == 1 ? parts[0] : new AllCondition(parts);
    }

    private RuleCondition? ReadOne(string key, YamlNode value) => key switch
    {
        "all" => List(value) is { } all ? new AllCondition(all) : null,
        "any" => List(value) is { } any ? new AnyCondition(any) : null,
        "not" => Read(value) is { } inner ? new NotCondition(inner) : null,
        "external_recipients" => ExternalRecipients(value),
        "recipient_domain" => Addresses(value, key, sender: false, domains: true),
        "recipient_address" => Addresses(value, key, sender: false, domains: false),
        "sender_domain" => Addresses(value, key, sender: true, domains: true),
        "sender_address" => Addresses(value, key, sender: true, domains: false),
        "sender_in_group" => Group(value),
        "findings" => Findings(value),
        "unscannable" => Unscannable(value),
        "attachment" => Attachment(value),
        "size" => Size(value),
        _ => null,
    };

    private List<RuleCondition>? List(YamlNode node)
    {
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            reader.Error(node, "'all' and 'any' take a list of conditions");
            return null;
        }
        var parts = seq.Select(Read).ToList();
        return parts.Contains(null) ? null : [.. parts.OfType<RuleCondition>()];
    }

    private ExternalRecipientsCondition? ExternalRecipients(YamlNode node)
    {
        if (Enum.TryParse<Quantifier>(RuleReader.Scalar(node), ignoreCase: true, out var q))
        {
            return new ExternalRecipientsCondition(q);
        }
        reader.Error(node, "'external_recipients' is any, all or none");
        return null;
    }

    private AddressCondition? Addresses(YamlNode node, string key, bool sender, bool domains)
    {
        var list = reader.Strings(node, $"'{key}'");
        if (list is null)
        {
            return null;
        }
        foreach (var entry in list.Where(e => domains == e.TrimStart('@').Contains('@') || e.Length == 0))
        {
            reader.Error(node, domains ? $"'{entry}' in '{key}' is not a domain" : $"'{entry}' in '{key}' is not a mail address");
        }
        return new AddressCondition(sender, new AddressList(list));
    }

    private SenderGroupCondition? Group(YamlNode node)
    {
        var name = RuleReader.Scalar(node);
        if (name is not null && groups.ContainsKey(name))
        {
            return new SenderGroupCondition(name);
        }
        reader.Error(node, $"no group named '{name}' under 'groups'");
        return null;
    }

    private FindingsCondition? Findings(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            reader.Error(node, "'findings' must be a mapping: kinds, min, third_party, location");
            return null;
        }
        reader.CheckKeys(map, ["kinds", "min", "third_party", "location"]);
        HashSet<string>? kinds = null;
        if (RuleReader.Get(map, "kinds") is { } kindsNode && reader.Strings(kindsNode, "'kinds'") is { } k)
        {
            foreach (var unknown in k.Where(x => !Kinds.Contains(x)))
            {
                reader.Error(kindsNode, $"unknown finding kind '{unknown}': use {string.Join(", ", Kinds)}");
            }
            kinds = [.. k];
        }
        var min = 1;
        if (RuleReader.Get(map, "min") is { } minNode && !(int.TryParse(RuleReader.Scalar(minNode), out min) && min >= 1))
        {
            reader.Error(minNode, "'min' must be a whole number of at least 1");
        }
        bool? thirdParty = null;
        if (RuleReader.Get(map, "third_party") is { } tpNode)
        {
            thirdParty = Bool(tpNode, "third_party");
        }
        var places = FindingPlace.None;
        if (RuleReader.Get(map, "location") is { } locNode && reader.Strings(locNode, "'location'") is { } locs)
        {
            foreach (var loc in locs)
            {
                if (Enum.TryParse<FindingPlace>(loc, ignoreCase: true, out var p) && p != FindingPlace.None)
                {
                    places |= p;
                }
                else
                {
                    reader.Error(locNode, $"unknown location '{loc}': use body, quoted, forwarded or attachment");
                }
            }
        }
        return new FindingsCondition(kinds, min, thirdParty, places);
    }

    private RuleCondition? Unscannable(YamlNode node)
    {
        var condition = new FindingsCondition(new HashSet<string> { FindingKind.Unscannable }, 1, null, FindingPlace.None);
        return Bool(node, "unscannable") switch
        {
            true => condition,
            false => new NotCondition(condition),
            null => null,
        };
    }

    private AttachmentCondition? Attachment(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            reader.Error(node, "'attachment' must be a mapping with 'names' and/or 'types' (patterns such as *.xlsx)");
            return null;
        }
        reader.CheckKeys(map, ["names", "types"]);
        List<Regex> Patterns(string key) =>
            RuleReader.Get(map, key) is { } n && reader.Strings(n, $"'{key}'") is { } list ? [.. list.Select(AttachmentCondition.Glob)] : [];
        return new AttachmentCondition(Patterns("names"), Patterns("types"));
    }

    private SizeCondition? Size(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            reader.Error(node, "'size' must be a mapping with 'over' and/or 'under' (bytes, KB, MB, GB)");
            return null;
        }
        reader.CheckKeys(map, ["over", "under"]);
        long? Bound(string key)
        {
            if (RuleReader.Get(map, key) is not { } n)
            {
                return null;
            }
            var size = RulesLoader.ParseSize(RuleReader.Scalar(n) ?? "");
            if (size is null)
            {
                reader.Error(n, $"'{key}' must be a size such as 10MB");
            }
            return size;
        }
        return new SizeCondition(Bound("over"), Bound("under"));
    }

    private bool? Bool(YamlNode node, string key)
    {
        if (bool.TryParse(RuleReader.Scalar(node), out var b))
        {
            return b;
        }
        reader.Error(node, $"'{key}' is true or false");
        return null;
    }
}
