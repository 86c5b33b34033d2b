using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace MailGuard.Review.Web;

/// <summary>
/// Builds a page: every value interpolated into <see cref="Add"/> is HTML-encoded unless it is itself <see cref="Html"/>,
/// so markup can only come from literals in this assembly.
/// </summary>
internal sealed class Html
{
    // Japanese stays readable in the source of the page; quotes, angle brackets and ampersands are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder builder = new();

    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler handler) => this;

    /// <summary>Appends encoded text.</summary>
    public Html Text(string? text)
    {
        Encoder.Encode(new StringWriter(builder), text ?? "");
        return this;
    }

    /// <summary>Appends another fragment as is.</summary>
    public Html Append(Html fragment)
    {
        builder.Append(fragment.builder);
        return this;
    }

    internal void AppendLiteral(string markup) => builder.Append(markup);

    internal static string Encode(string text) => Encoder.Encode(text);

    public override string ToString() => builder.ToString();
}

/// <summary>Encodes every hole of an interpolated string except <see cref="Html"/> fragments.</summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlHandler
{
    private readonly Html html;

    public HtmlHandler(int literalLength, int formattedCount, Html html)
    {
        _ = literalLength;
        _ = formattedCount;
        this.html = html;
    }

    public void AppendLiteral(string markup) => html.AppendLiteral(markup);

    public void AppendFormatted(Html fragment) => html.Append(fragment);

    public void AppendFormatted<T>(T value, string format)
        where T : IFormattable => html.Text(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));

    public void AppendFormatted<T>(T value) => html.Text(value switch
    {
        null => "",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    });
}
