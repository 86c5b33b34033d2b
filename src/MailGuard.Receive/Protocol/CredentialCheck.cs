using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailGuard.Core;

namespace MailGuard.Receive.Protocol;

/// <summary>What <see cref="CredentialCheck"/> decided about one AUTH.</summary>
internal enum CredentialOutcome
{
    Accepted,
    Refused,

    /// <summary>Refused without looking at the password: the client has failed too often lately.</summary>
    LockedOut,
}

/// <summary>
/// Checks AUTH credentials against <see cref="ReceiveOptions.Users"/> without paying PBKDF2 for the known-good case.
/// <para>
/// Threat model. The hash is PBKDF2 with 600,000 iterations so that a stolen config file is slow to crack; verifying it
/// costs a core some 100s of ms. Paid on every AUTH, that slows a client that reconnects per message (scanners,
/// applications, MTAs without connection reuse) and hands anyone who can reach the port a CPU amplifier: one cheap AUTH
/// line buys a third of a second of our CPU. So:
/// </para>
/// <list type="bullet">
/// <item>After a successful verification this process remembers, per user, an HMAC-SHA256 over the user, the stored
/// hash and the presented password under a key drawn at random when the process starts and never written anywhere. The
/// next AUTH with the same password is one HMAC. Nothing that could be cracked offline leaves the process (the key dies
/// with it), the memory holds one entry per configured user at most, and an entry expires after
/// <see cref="ReceiveOptions.AuthCacheLifetime"/>. The stored hash is part of the HMAC, so a password changed in the
/// configuration no longer matches what was remembered: the new hash is verified in full.</item>
/// <item>A password that does not match what is remembered is verified in full, so guessing still costs PBKDF2 per
/// guess; a hit is only possible with the right password, so the shortcut tells an attacker nothing new.</item>
/// <item>A client (IPv4 address, IPv6 /64) with <see cref="ReceiveOptions.AuthMaxFailures"/> failures within
/// <see cref="ReceiveOptions.AuthLockoutPeriod"/> is refused without any verification until the period has passed,
/// remembered passwords included (otherwise guesses against a remembered password would cost one HMAC each). That
/// bounds both the guessing and the CPU one client can spend. Per process: several instances each keep their own
/// count, as the review console's sign-in lock-out does.</item>
/// </list>
/// </summary>
internal sealed class CredentialCheck(ReceiveOptions options, TimeProvider clock, Func<string, string, bool>? verify = null)
{
    // Failures are tracked for this many clients at most; expired entries are dropped first. Beyond that a new client
    // is not tracked (it still pays PBKDF2 per guess); each entry costs a failed full verification to create.
    private const int MaxTrackedClients = 10_000;

    // Verified for unknown users too, at the cost real hashes have, so the answer takes as long whether or not the user exists.
    private static readonly Lazy<string> Decoy = new(() => PasswordHash.Create(Guid.NewGuid().ToString()));

    private readonly Func<string, string, bool> _verify = verify ?? PasswordHash.Verify;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Remembered> _remembered = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();

    public CredentialOutcome Check(IPAddress client, string user, string password)
    {
        var now = clock.GetUtcNow();
        var key = ClientKey(client);
        if (_failures.TryGetValue(key, out var failed) && failed.LockedUntil > now)
        {
            return CredentialOutcome.LockedOut;
        }
        var entry = options.Users.FirstOrDefault(u => string.Equals(u.Name, user, StringComparison.OrdinalIgnoreCase));
        if (entry is not null && options.AuthCacheLifetime > TimeSpan.Zero)
        {
            var tag = Tag(entry, password);
            if (_remembered.TryGetValue(entry.Name, out var known) && known.Until > now && CryptographicOperations.FixedTimeEquals(known.Tag, tag))
            {
                return CredentialOutcome.Accepted;
            }
            if (_verify(password, entry.PasswordHash))
            {
                _remembered[entry.Name] = new Remembered(tag, now + options.AuthCacheLifetime);
                return CredentialOutcome.Accepted;
            }
        }
        else if (_verify(password, entry?.PasswordHash ?? Decoy.Value) && entry is not null)
        {
            return CredentialOutcome.Accepted;
        }
        return RecordFailure(key, now) ? CredentialOutcome.LockedOut : CredentialOutcome.Refused;
    }

    /// <summary>Counts a failure; true when it locked the client out.</summary>
    private bool RecordFailure(IPAddress key, DateTimeOffset now)
    {
        var window = options.AuthLockoutPeriod;
        if (_failures.Count >= MaxTrackedClients)
        {
            foreach (var (address, _) in _failures.Where(p => p.Value.LastAt + window <= now && !(p.Value.LockedUntil > now)).ToList())
            {
                _failures.TryRemove(address, out _);
            }
            if (_failures.Count >= MaxTrackedClients && !_failures.ContainsKey(key))
            {
                return false;
            }
        }
        var updated = _failures.AddOrUpdate(
            key,
            _ => Next(null),
            (_, f) => Next(f));
        return updated.LockedUntil is not null && updated.Count == options.AuthMaxFailures;

        Failures Next(Failures? f)
        {
            // Failures older than the period, or a lock that has run out, start the count afresh.
            var stale = f is null || (f.LockedUntil is { } until ? until <= now : f.LastAt + window <= now);
            var count = stale ? 1 : f!.Count + 1;
            return new Failures(count, now, count >= options.AuthMaxFailures ? now + window : null);
        }
    }

    private byte[] Tag(ReceiveUser entry, string password)
    {
        // Length-prefixed fields: no two (user, hash, password) triples give the same input.
        var fields = new[] { entry.Name.ToUpperInvariant(), entry.PasswordHash, password }.Select(Encoding.UTF8.GetBytes).ToArray();
        var input = new byte[fields.Sum(f => f.Length + 4)];
        var at = 0;
        foreach (var field in fields)
        {
            BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(at), field.Length);
            field.CopyTo(input, at + 4);
            at += field.Length + 4;
        }
        return HMACSHA256.HashData(_key, input);
    }

    /// <summary>An IPv4 address as is; an IPv6 address by its /64, which one subscriber usually holds whole.</summary>
    private static IPAddress ClientKey(IPAddress client)
    {
        if (client.IsIPv4MappedToIPv6)
        {
            return client.MapToIPv4();
        }
        if (client.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return client;
        }
        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private sealed record Remembered(byte[] Tag, DateTimeOffset Until);

    private sealed record Failures(int Count, DateTimeOffset LastAt, DateTimeOffset? LockedUntil);
}
