using System.Globalization;
using Microsoft.AspNetCore.Http;
using MailGuard.Quarantine;

namespace MailGuard.Review.Web;

/// <summary>The list's filters as they travel in the query string, and their translation to a <see cref="HeldQuery"/>.</summary>
/// <param name="AsOf">
/// Pages after the first list only mail held before this instant (Unix milliseconds), the newest the first page showed.
/// Mail held meanwhile would otherwise push every later page down by as many rows, and a reviewer paging through a busy
/// quarantine would see some messages twice and never reach as many others.
/// </param>
internal sealed record ListFilters(
    string State, string Sender, string Domain, string Rule, string Kind, string From, string To, string Search, int Page, long? AsOf = null)
{
    public static readonly string[] Kinds =
        [Core.FindingKind.Email, Core.FindingKind.Person, Core.FindingKind.Phone, Core.FindingKind.PostalAddress, Core.FindingKind.Signature, Core.FindingKind.Unscannable];

    public static ListFilters Read(IQueryCollection q) => new(
        q.ContainsKey("state") ? q["state"].ToString() : "held",
        q["sender"].ToString().Trim(),
        q["domain"].ToString().Trim(),
        q["rule"].ToString().Trim(),
        q["kind"].ToString().Trim(),
        q["from"].ToString().Trim(),
        q["to"].ToString().Trim(),
        q["q"].ToString().Trim(),
        int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
        long.TryParse(q["asof"], NumberStyles.None, CultureInfo.InvariantCulture, out var asOf) && asOf <= MaxUnixMilliseconds ? asOf : null);

    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>The instant <see cref="AsOf"/> names.</summary>
    public DateTimeOffset? AsOfInstant => AsOf is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>
    /// These filters with the later pages pinned to what <paramref name="firstPage"/> shows: its newest message and
    /// everything older. Only a first page that is not pinned yet pins; a later page reached without a pin stays as it is.
    /// </summary>
    public ListFilters PinnedTo(IReadOnlyList<HeldSummary> firstPage)
    {
        if (AsOf is not null || Page != 1 || firstPage.Count == 0)
        {
            return this;
        }
        var newest = firstPage[0].HeldAt;
        foreach (var item in firstPage)
        {
            newest = item.HeldAt > newest ? item.HeldAt : newest;
        }
        // Before is exclusive: one millisecond on keeps the newest itself (the stores keep milliseconds).
        return this with { AsOf = newest.ToUnixTimeMilliseconds() + 1 };
    }

    public HeldQuery ToQuery(TimeZoneInfo zone, int pageSize) => new()
    {
        State = ParseState(State),
        Sender = Empty(Sender),
        RecipientDomain = Empty(Domain),
        Rule = Empty(Rule),
        FindingKind = Empty(Kind),
        From = StartOfDay(From, zone, 0),
        To = Earlier(StartOfDay(To, zone, 1), AsOfInstant),
        Search = Empty(Search),
        Page = Page,
        PageSize = pageSize,
    };

    /// <summary>The query string for these filters with some values replaced (paging, state tabs).</summary>
    public string Link(string? state = null, int? page = null)
    {
        var pairs = new List<(string, string)> { ("state", state ?? State) };
        void Keep(string key, string value)
        {
            if (value.Length > 0)
            {
                pairs.Add((key, value));
            }
        }
        Keep("sender", Sender);
        Keep("domain", Domain);
        Keep("rule", Rule);
        Keep("kind", Kind);
        Keep("from", From);
        Keep("to", To);
        Keep("q", Search);
        var p = page ?? (state is null ? Page : 1);
        if (p > 1)
        {
            pairs.Add(("page", p.ToString(CultureInfo.InvariantCulture)));
        }
        // Another state is a new list, so it starts unpinned; paging and coming back after a decision keep the pin.
        if (AsOf is { } asOf && state is null)
        {
            pairs.Add(("asof", asOf.ToString(CultureInfo.InvariantCulture)));
        }
        return "/?" + string.Join("&", pairs.Select(x => Uri.EscapeDataString(x.Item1) + "=" + Uri.EscapeDataString(x.Item2)));
    }

    public static QuarantineState? ParseState(string text) =>
        Enum.TryParse<QuarantineState>(text, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _) ? s : null;

    /// <summary>A <c>yyyy-MM-dd</c> date in the console's zone as the instant its day starts (plus <paramref name="addDays"/>).</summary>
    public static DateTimeOffset? StartOfDay(string text, TimeZoneInfo zone, int addDays)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }
        var local = day.AddDays(addDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static string? Empty(string text) => text.Length == 0 ? null : text;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
