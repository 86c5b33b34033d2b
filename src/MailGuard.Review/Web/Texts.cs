using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace MailGuard.Review.Web;

/// <summary>
/// The console's words in English and Japanese. The language comes from <c>?lang=</c> (remembered in a cookie),
/// else the cookie, else Accept-Language, else English.
/// </summary>
internal sealed class Texts
{
    public const string CookieName = "mailguard-lang";

    private static readonly FrozenDictionary<string, (string En, string Ja)> Table = new Dictionary<string, (string, string)>
    {
        ["AppName"] = ("MailGuard review", "MailGuard レビュー"),
        ["SignIn"] = ("Sign in", "サインイン"),
        ["SignOut"] = ("Sign out", "サインアウト"),
        ["UserName"] = ("User name", "ユーザー名"),
        ["Password"] = ("Password", "パスワード"),
        ["SignInFailed"] = ("The user name or password is wrong.", "ユーザー名またはパスワードが違います。"),
        ["LockedOut"] = ("Too many failed attempts. Try again later.", "失敗が多すぎるため、しばらくロックされています。後でもう一度お試しください。"),
        ["Quarantine"] = ("Quarantine", "隔離メール"),
        ["Dashboard"] = ("Dashboard", "ダッシュボード"),
        ["Audit"] = ("Audit log", "監査ログ"),
        ["State"] = ("State", "状態"),
        ["Any"] = ("Any", "すべて"),
        ["held"] = ("Held", "保留中"),
        ["released"] = ("Released", "解放済み"),
        ["rejected"] = ("Rejected", "却下済み"),
        ["deleted"] = ("Deleted", "削除済み"),
        ["expired"] = ("Expired", "期限切れ"),
        ["Sender"] = ("Sender", "送信者"),
        ["Recipients"] = ("Recipients", "宛先"),
        ["RecipientDomain"] = ("Recipient domain", "宛先ドメイン"),
        ["Rule"] = ("Rule", "ルール"),
        ["FindingKind"] = ("Finding kind", "検出の種類"),
        ["FromDate"] = ("From", "開始日"),
        ["ToDate"] = ("To", "終了日"),
        ["Search"] = ("Search", "検索"),
        ["Filter"] = ("Filter", "絞り込み"),
        ["Subject"] = ("Subject", "件名"),
        ["HeldAt"] = ("Held at", "保留日時"),
        ["Size"] = ("Size", "サイズ"),
        ["Findings"] = ("Findings", "検出"),
        ["NoMessages"] = ("No messages match.", "該当するメールはありません。"),
        ["PageOf"] = ("Page {0} of {1} ({2} messages)", "{2} 件中 {0} / {1} ページ"),
        ["Previous"] = ("Previous", "前へ"),
        ["Next"] = ("Next", "次へ"),
        ["PinnedBefore"] = ("Listing mail held up to {0}, so pages do not shift as new mail is held.", "{0} までに保留されたメールを表示しています（新しく保留されたメールでページがずれないように）。"),
        ["ShowNewest"] = ("Show the newest", "最新を表示"),
        ["Reason"] = ("Reason", "理由"),
        ["ReasonRequired"] = ("A reason is required for every decision.", "判断には理由の入力が必要です。"),
        ["Release"] = ("Release", "解放"),
        ["Reject"] = ("Reject", "却下"),
        ["Delete"] = ("Delete", "削除"),
        ["ReleaseSelected"] = ("Release selected", "選択したメールを解放"),
        ["RejectSelected"] = ("Reject selected", "選択したメールを却下"),
        ["Select"] = ("Select", "選択"),
        ["NothingSelected"] = ("Select at least one message.", "メールを 1 件以上選択してください。"),
        ["Done"] = ("Done.", "完了しました。"),
        ["AlreadyDone"] = ("Nothing to do: it was already done.", "すでに処理済みのため、何もしていません。"),
        ["NotAllowed"] = ("Not possible from the message's current state.", "現在の状態からはこの操作はできません。"),
        ["BulkResult"] = ("{0} done, {1} already done, {2} not possible.", "完了 {0} 件、処理済み {1} 件、不可 {2} 件。"),
        ["Envelope"] = ("Envelope", "エンベロープ"),
        ["MailFrom"] = ("MAIL FROM", "MAIL FROM"),
        ["RcptTo"] = ("RCPT TO", "RCPT TO"),
        ["Client"] = ("Client", "クライアント"),
        ["AuthUser"] = ("Authenticated user", "認証ユーザー"),
        ["ReceivedAt"] = ("Received", "受信日時"),
        ["Headers"] = ("Headers", "ヘッダー"),
        ["WhyHeld"] = ("Why it was held", "保留の理由"),
        ["Owner"] = ("Owner", "持ち主"),
        ["NoOwner"] = ("(no owner)", "(持ち主なし)"),
        ["NotKept"] = ("And {0} more findings, counted but not kept ({1}).", "ほか {0} 件の検出は件数のみ記録しています({1})。"),
        ["Kind"] = ("Kind", "種類"),
        ["Excerpt"] = ("Excerpt (redacted)", "抜粋(マスク済み)"),
        ["Location"] = ("Location", "場所"),
        ["ThirdParty"] = ("Third party", "第三者"),
        ["Party"] = ("Party", "当事者"),
        ["Reveal"] = ("Reveal (audited)", "全文を表示(監査記録)"),
        ["Revealed"] = ("Full text (this view is in the audit log)", "全文(この表示は監査ログに記録されました)"),
        ["Attachments"] = ("Attachments", "添付ファイル"),
        ["NoAttachments"] = ("No attachments.", "添付ファイルはありません。"),
        ["Name"] = ("Name", "名前"),
        ["Type"] = ("Type", "種類"),
        ["Preview"] = ("Preview", "プレビュー"),
        ["TextView"] = ("Text", "テキスト"),
        ["PreviewCut"] = ("The message is long: only its first {0} characters are shown.", "長いメッセージのため、最初の {0} 文字だけを表示しています。"),
        ["HtmlView"] = ("HTML (sandboxed, no scripts, no remote images)", "HTML(サンドボックス、スクリプト・外部画像なし)"),
        ["NoHtml"] = ("The message has no HTML part.", "このメールには HTML パートがありません。"),
        ["MessageGone"] = ("The message content is no longer stored.", "メール本文はもう保存されていません。"),
        ["Decide"] = ("Decision", "判断"),
        ["DecideHint"] = ("Release delivers the original message; reject tells the sender; delete removes it.", "解放すると元のメールを配送します。却下すると送信者に通知します。削除するとメールを消去します。"),
        ["History"] = ("History", "履歴"),
        ["When"] = ("When", "日時"),
        ["Actor"] = ("Who", "実行者"),
        ["Action"] = ("Action", "操作"),
        ["Message"] = ("Message", "メール"),
        ["Address"] = ("From where", "接続元"),
        ["NoEntries"] = ("No entries.", "記録はありません。"),
        ["HeldPerDay"] = ("Held per day (last 30 days)", "日別の保留数(過去 30 日)"),
        ["TopRules"] = ("Top rules", "上位のルール"),
        ["TopSenders"] = ("Top senders", "上位の送信者"),
        ["TopDomains"] = ("Top recipient domains", "上位の宛先ドメイン"),
        ["Count"] = ("Count", "件数"),
        ["NotFound"] = ("No such message.", "該当するメールはありません。"),
        ["Forbidden"] = ("You may not open this page.", "このページを開く権限がありません。"),
        ["Back"] = ("Back to the list", "一覧に戻る"),
        ["Language"] = ("日本語", "English"),
        ["SignedInAs"] = ("Signed in as {0} ({1})", "{0}({1})でサインイン中"),
    }.ToFrozenDictionary();

    private Texts(string language) => Language = language;

    /// <summary><c>en</c> or <c>ja</c>.</summary>
    public string Language { get; }

    /// <summary>The other language, for the toggle.</summary>
    public string OtherLanguage => Language == "ja" ? "en" : "ja";

    public string this[string key] => Language == "ja" ? Table[key].Ja : Table[key].En;

    public string Format(string key, params object[] values) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], values);

    public static IEnumerable<string> Keys => Table.Keys;

    public static Texts For(string language) => new(language == "ja" ? "ja" : "en");

    /// <summary>Picks the language for this request and remembers an explicit choice in a cookie.</summary>
    public static Texts Resolve(HttpContext context, bool secureCookie)
    {
        var asked = context.Request.Query["lang"].ToString();
        if (asked is "en" or "ja")
        {
            context.Response.Cookies.Append(CookieName, asked, new CookieOptions
            {
                HttpOnly = true,
                Secure = secureCookie || context.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                MaxAge = TimeSpan.FromDays(365),
            });
            return For(asked);
        }
        if (context.Request.Cookies.TryGetValue(CookieName, out var remembered) && remembered is "en" or "ja")
        {
            return For(remembered);
        }
        foreach (var value in context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(v => v.Quality ?? 1))
        {
            var tag = value.Value.ToString();
            if (tag.StartsWith("ja", StringComparison.OrdinalIgnoreCase))
            {
                return For("ja");
            }
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return For("en");
            }
        }
        return For("en");
    }
}
