using System.Security.Cryptography;
using MailGuard.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Scan.Decide;

/// <summary>
/// The policy read from the rules file. It loads the file when created (a broken file is an error then: the relay
/// never runs without a policy) and on <see cref="Reload"/> takes a changed file only when it is valid, so a typo
/// made while running leaves the last good rules in force.
/// </summary>
public sealed partial class RulesPolicy
{
    private readonly PolicyOptions _options;
    private readonly OrganizationOptions _organization;
    private readonly ILogger<RulesPolicy> _logger;
    private volatile RuleSet _rules;
    private byte[] _loadedHash;

    public RulesPolicy(IOptions<PolicyOptions> options, IOptions<OrganizationOptions> organization, ILogger<RulesPolicy> logger)
    {
        _options = options.Value;
        _organization = organization.Value;
        _logger = logger;
        var (rules, hash) = LoadFile(_options.RulesFile);
        _rules = rules;
        _loadedHash = hash;
        LogLoaded(_logger, rules.Source, rules.RuleNames.Count);
    }

    /// <summary>The rules in force.</summary>
    public RuleSet Rules => _rules;

    /// <summary>Decides on one message with the rules in force and the global mode.</summary>
    public Verdict Decide(PolicyInput input) => _rules.Decide(input, _organization, _options.Mode);

    /// <summary>
    /// Reads the rules file again if its content changed. Returns true when new rules were taken; an invalid file
    /// is logged with its errors and the rules in force stay.
    /// </summary>
    public bool Reload()
    {
        byte[] hash;
        try
        {
            hash = SHA256.HashData(File.ReadAllBytes(_options.RulesFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(_logger, _options.RulesFile, e.Message);
            return false;
        }
        if (hash.AsSpan().SequenceEqual(_loadedHash))
        {
            return false;
        }
        try
        {
            var (rules, loadedHash) = LoadFile(_options.RulesFile);
            _rules = rules;
            _loadedHash = loadedHash;
            LogLoaded(_logger, rules.Source, rules.RuleNames.Count);
            return true;
        }
        catch (RulesException e)
        {
            // Remember the broken content so the same error is logged once, not every poll.
            _loadedHash = hash;
            LogRejected(_logger, e.File, string.Join("; ", e.Errors));
            return false;
        }
    }

    private static (RuleSet Rules, byte[] Hash) LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RulesException(path, [new RuleError(0, 0, $"cannot read the rules file: {e.Message}")]);
        }
        var text = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        return (RulesLoader.Parse(text, path), SHA256.HashData(bytes));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "policy.rules loaded {Source}: {Count} rules")]
    private static partial void LogLoaded(ILogger logger, string source, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "policy.rules rejected {Source}, keeping the rules in force: {Errors}")]
    private static partial void LogRejected(ILogger logger, string source, string errors);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "policy.rules cannot read {Source}, keeping the rules in force: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string source, string reason);
}
