using System.Text;

namespace MailGuard.Quarantine;

/// <summary>
/// How text filters compare, the same in both stores: NFKC (full-width <c>ＳＡＴＯ</c> is <c>SATO</c>, half-width kana
/// are full-width) then Unicode lower case (<c>É</c> is <c>é</c>). SQLite's own <c>lower()</c> folds ASCII only and
/// PostgreSQL's follows the database's locale, so neither is used for filters: SQLite calls this very method as the SQL
/// function <c>mailguard_fold</c>, and PostgreSQL's <c>mailguard_fold</c> does NFKC and ICU root lower case.
/// </summary>
public static class TextFold
{
    /// <summary>The name both stores give the function in SQL.</summary>
    public const string SqlFunction = "mailguard_fold";

    /// <summary>The folded form of <paramref name="text"/>; null stays null.</summary>
    public static string? Fold(string? text)
    {
        if (text is null)
        {
            return null;
        }
        try
        {
            return text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // A lone surrogate cannot be normalised; case still folds.
            return text.ToLowerInvariant();
        }
    }
}
