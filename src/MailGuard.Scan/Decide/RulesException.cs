namespace MailGuard.Scan.Decide;

/// <summary>One problem in a rules file, with the line (1-based) and column where it is.</summary>
public sealed record RuleError(long Line, long Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>A rules file that cannot be used; <see cref="Errors"/> says where and why.</summary>
public sealed class RulesException(string source, IReadOnlyList<RuleError> errors)
    : Exception($"{source}: " + string.Join("; ", errors))
{
    /// <summary>The file (or name) the rules came from.</summary>
    public string File { get; } = source;

    public IReadOnlyList<RuleError> Errors { get; } = errors;
}
