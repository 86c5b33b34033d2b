using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>The cached provider answers every code page and name as the code-page provider it stands in front of.</summary>
public sealed class CachedCodePagesTests
{
    [TestCase(932)]
    [TestCase(50220)]
    [TestCase(51932)]
    [TestCase(1252)]
    [TestCase(0)]
    [TestCase(64999)]
    [TestCase(70000)]
    [TestCase(-1)]
    public void A_code_page_gets_the_same_answer_every_time(int codePage)
    {
        var cached = new CachedCodePages();
        var expected = CodePagesEncodingProvider.Instance.GetEncoding(codePage);

        var first = cached.GetEncoding(codePage);
        var second = cached.GetEncoding(codePage);

        Assert.That(first?.WebName, Is.EqualTo(expected?.WebName));
        Assert.That(second, Is.SameAs(first));
    }

    [TestCase(65001)]
    [TestCase(20127)]
    [TestCase(28591)]
    [TestCase(1200)]
    [TestCase(12000)]
    public void The_runtimes_own_code_pages_get_the_runtimes_encodings(int codePage)
    {
        EncodingSupport.EnsureRegistered();
        var runtime = codePage switch
        {
            65001 => Encoding.UTF8,
            20127 => Encoding.ASCII,
            28591 => Encoding.Latin1,
            1200 => Encoding.Unicode,
            _ => Encoding.UTF32,
        };

        Assert.That(new CachedCodePages().GetEncoding(codePage), Is.SameAs(runtime));
        Assert.That(Encoding.GetEncoding(codePage), Is.SameAs(runtime));
    }

    [TestCase("shift_jis")]
    [TestCase("ISO-2022-JP")]
    [TestCase("euc-jp")]
    [TestCase("utf-8")]
    [TestCase("x-no-such-charset")]
    public void A_name_gets_the_same_answer_every_time(string name)
    {
        var cached = new CachedCodePages();
        var expected = CodePagesEncodingProvider.Instance.GetEncoding(name);

        Assert.That(cached.GetEncoding(name)?.WebName, Is.EqualTo(expected?.WebName));
        Assert.That(cached.GetEncoding(name.ToUpperInvariant())?.WebName, Is.EqualTo(expected?.WebName));
    }

    [Test]
    public void Fallbacks_asked_for_are_set_on_a_copy()
    {
        var cached = new CachedCodePages();
        var plain = cached.GetEncoding(932)!;

        var strict = cached.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

        Assert.That(strict, Is.Not.SameAs(plain));
        Assert.That(strict.DecoderFallback, Is.SameAs(DecoderFallback.ExceptionFallback));
        Assert.That(plain.DecoderFallback, Is.Not.SameAs(DecoderFallback.ExceptionFallback));
        Assert.That(() => strict.GetString([0x82]), Throws.InstanceOf<DecoderFallbackException>());
    }
}
