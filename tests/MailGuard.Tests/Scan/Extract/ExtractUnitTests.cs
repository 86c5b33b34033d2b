using System.Text;
using MailGuard.Scan;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Scan.Extract;

public sealed class CharsetDecoderTests
{
    [OneTimeSetUp]
    public void Register() => EncodingSupport.EnsureRegistered();

    [Test]
    public void Iso_2022_jp_is_recognised_whatever_the_label_says()
    {
        var bytes = Encoding.GetEncoding(50220).GetBytes("担当 山田 太郎");
        Assert.That(CharsetDecoder.Decode(bytes, "us-ascii", out var problem), Is.EqualTo("担当 山田 太郎"));
        Assert.That(problem, Is.Null);
    }

    [Test]
    public void Valid_utf8_wins_over_a_single_byte_label() =>
        Assert.That(CharsetDecoder.Decode("Zoë 山田"u8, "iso-8859-1", out _), Is.EqualTo("Zoë 山田"));

    [Test]
    public void Shift_jis_labelled_utf8_falls_back_to_cp932()
    {
        var bytes = Encoding.GetEncoding(932).GetBytes("渡辺 直樹 ①");
        Assert.That(CharsetDecoder.Decode(bytes, "utf-8", out var problem), Is.EqualTo("渡辺 直樹 ①"));
        Assert.That(problem, Is.Null);
    }

    [Test]
    public void A_character_cap_returns_the_start_of_the_text()
    {
        var text = string.Concat(Enumerable.Repeat("担当 山田 太郎 03-0000-1234\n", 500));
        Assert.That(CharsetDecoder.Decode(Encoding.UTF8.GetBytes(text), "utf-8", out var utf8Problem, maxChars: 100), Is.EqualTo(text[..100]));
        Assert.That(CharsetDecoder.Decode(Encoding.GetEncoding(932).GetBytes(text), "utf-8", out var sjisProblem, maxChars: 100), Is.EqualTo(text[..100]));
        Assert.That((utf8Problem, sjisProblem), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public void A_character_cap_still_judges_the_charset_by_every_byte()
    {
        // Valid UTF-8 up to well past the cap, then a byte no charset we try accepts: the text is reported as suspect.
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("山田 太郎\n", 200))).Concat(new byte[] { 0xFF, 0xFE, 0xFD }).ToArray();
        CharsetDecoder.Decode(bytes, "utf-8", out var problem, maxChars: 50);
        Assert.That(problem, Does.StartWith("text is not valid utf-8"));
    }

    [TestCase("windows-31j")]
    [TestCase("cp932")]
    [TestCase("Shift_JIS")]
    public void Microsoft_aliases_of_shift_jis_resolve(string label) =>
        Assert.That(CharsetDecoder.Resolve(label)?.CodePage, Is.EqualTo(932));

    [Test]
    public void Utf16_without_bom_follows_its_label() =>
        Assert.That(CharsetDecoder.Decode(Encoding.Unicode.GetBytes("Weiß"), "utf-16le", out _), Is.EqualTo("Weiß"));

    [Test]
    public void Bytes_that_fit_no_charset_are_decoded_lossily_with_a_problem()
    {
        byte[] bytes = [0x41, 0xFF, 0xFE, 0x80, 0x81, 0xFD];
        Assert.That(CharsetDecoder.Decode(bytes, "utf-8", out var problem), Does.StartWith("A"));
        Assert.That(problem, Is.EqualTo("text is not valid utf-8; decoded with replacement characters"));
    }
}

public sealed class HtmlToTextTests
{
    [Test]
    public void Rows_and_cells_keep_their_shape_and_entities_decode() =>
        Assert.That(HtmlToText.Convert("<table><tr><th>Name</th><td>Tel</td></tr><tr><td>佐藤&nbsp;花子</td><td>&#xFF10;3</td></tr></table>", CancellationToken.None),
            Is.EqualTo("Name\tTel\n佐藤 花子\t０3"));

    [Test]
    public void Script_and_style_are_dropped_but_hidden_text_and_title_are_kept() =>
        Assert.That(HtmlToText.Convert("<title>T</title><style>.a{}</style><script>x()</script><div style=\"display:none\">Hidden</div>", CancellationToken.None),
            Is.EqualTo("T\nHidden"));

    [Test]
    public void Preformatted_text_keeps_its_line_breaks() =>
        Assert.That(HtmlToText.Convert("<pre>a  b\nc</pre>d", CancellationToken.None), Is.EqualTo("a  b\nc\nd"));
}

public sealed class NormalizedTextTests
{
    [Test]
    public void Full_width_and_zero_width_characters_are_normalised_with_a_map_back()
    {
        var text = NormalizedText.From("電話：０３\u200B－００００－７１２３");
        Assert.That(text.Normalized, Is.EqualTo("電話:03-0000-7123"));
        var start = text.Normalized.IndexOf("03", StringComparison.Ordinal);
        Assert.That(text.OriginalOf(start, "03-0000-7123".Length), Is.EqualTo("０３\u200B－００００－７１２３"));
    }

    [Test]
    public void A_match_inside_an_expanded_character_shows_the_whole_character()
    {
        var text = NormalizedText.From("㈱かえで");
        Assert.That(text.Normalized, Is.EqualTo("(株)かえで"));
        Assert.That(text.OriginalOf(1, 1), Is.EqualTo("㈱"));
        Assert.That(text.OriginalOf(0, 5), Is.EqualTo("㈱かえ"));
    }

    [Test]
    public void Text_that_needs_no_normalisation_maps_one_to_one()
    {
        var text = NormalizedText.From("Marcus Bell (312) 555-0182");
        Assert.That(text.Normalized, Is.SameAs(text.Original));
        Assert.That(text.OriginalOf(text.Normalized.IndexOf('(', StringComparison.Ordinal), 14), Is.EqualTo("(312) 555-0182"));
    }
}

public sealed class ExtractOptionsTests
{
    [Test]
    public void Shipped_config_shows_every_option_with_its_default()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "config", "mailguard.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path)).Build();
        var section = configuration.GetSection(ExtractOptions.Section);
        var defaults = new ExtractOptions();
        var properties = typeof(ExtractOptions).GetProperties();
        Assert.That(section.GetChildren().Select(c => c.Key), Is.EquivalentTo(properties.Select(p => p.Name)));
        foreach (var property in properties)
        {
            Assert.That(section.GetValue(property.PropertyType, property.Name), Is.EqualTo(property.GetValue(defaults)), property.Name);
        }
    }

    [Test]
    public void Scan_stage_registers_a_validated_extractor()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scan:Extract:MaxArchiveDepth"] = "5",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System)
            .AddMailGuardScan().BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptions<ExtractOptions>>().Value.MaxArchiveDepth, Is.EqualTo(5));
        Assert.That(provider.GetRequiredService<MessageExtractor>(), Is.Not.Null);
    }

    [Test]
    public void Out_of_range_limits_are_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scan:Extract:MaxArchiveDepth"] = "0",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMailGuardScan().BuildServiceProvider();
        Assert.That(() => provider.GetRequiredService<IOptions<ExtractOptions>>().Value, Throws.InstanceOf<OptionsValidationException>());
    }
}
