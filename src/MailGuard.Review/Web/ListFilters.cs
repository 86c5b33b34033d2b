using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MailGuard.Review.Web;

/// <summary>The list's filters as they travel in the query string, and their translation to a <see cref="HeldQuery"/>.</summary>
internal sealed record ListFilters(
    string State, string Sender, string Domain, string Rule, string Kind, string From, string To, string Search, int Page)
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
        int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1);

    public HeldQuery ToQuery(TimeZoneInfo zone, int pageSize) => new()
    {
        State = ParseState(State),
        Sender = Empty(Sender),
        RecipientDomain = Empty(Domain),
        Rule = Empty(Rule),
        FindingKind = Empty(Kind),
        From = StartOfDay(From, zone, 0),
        To = StartOfDay(To, zone, 1),
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
}
