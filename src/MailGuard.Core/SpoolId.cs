using System.Security.Cryptography;

namespace MailGuard.Core;

/// <summary>The queue id a message gets when it is accepted; sorts by acceptance time and is safe as a file name.</summary>
public readonly record struct SpoolId(string Value)
{
    private const string Alphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZ";

    /// <summary>A new id: 10 characters of milliseconds since the epoch, then 8 random ones.</summary>
    public static SpoolId New(TimeProvider? clock = null)
    {
        var ms = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<char> chars = stackalloc char[18];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(ms % Alphabet.Length)];
            ms /= Alphabet.Length;
        }
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 8; i++)
        {
            chars[10 + i] = Alphabet[random[i] % Alphabet.Length];
        }
        return new SpoolId(new string(chars));
    }

    /// <summary>True when the text could be an id made by <see cref="New"/> (guards paths built from ids).</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: 18 } && text.All(c => Alphabet.Contains(c));

    public override string ToString() => Value;
}
