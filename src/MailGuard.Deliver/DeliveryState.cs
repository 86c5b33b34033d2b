using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailGuard.Deliver;

/// <summary>A message's delivery progress, kept in <c>spool/state/&lt;id&gt;.json</c> so a restart resumes it exactly.</summary>
internal sealed class DeliveryState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not before this time (UTC) is the message tried again.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Per recipient: where it stands and the last reply.</summary>
    public Dictionary<string, RecipientProgress> Recipients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static DeliveryState Parse(byte[]? bytes)
    {
        if (bytes is null)
        {
            return new DeliveryState();
        }
        var state = JsonSerializer.Deserialize<DeliveryState>(bytes, Json) ?? new DeliveryState();
        state.Recipients = new Dictionary<string, RecipientProgress>(state.Recipients, StringComparer.OrdinalIgnoreCase);
        return state;
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>One recipient's line in <see cref="DeliveryState"/>.</summary>
internal sealed record RecipientProgress(RecipientStatus Status, string Reply);
