using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

public sealed class ThreadStructureTests
{
    private static LineKind[] Kinds(string text) => ThreadStructure.Analyse(text, null).Kinds;

    [TestCase("From: Kenji Mori <k.mori@example.jp>\nTo: ops@example.com")]
    [TestCase("  **From:** Kenji Mori <k.mori@example.jp>\n  **Sent:** Monday")]
    [TestCase("reply-to\t：k.mori@example.jp\nFROM: Kenji Mori <k.mori@example.jp>")]
    [TestCase("差出人: 森 健一 <k.mori@example.jp>\n宛先: ops@example.com")]
    public void ReadsHeaderBlocks(string text)
    {
        Assert.That(Kinds(text), Is.EqualTo(new[] { LineKind.Header, LineKind.Header }));
    }

    [TestCase("Subject to change: From Kenji Mori <k.mori@example.jp>\nTo: ops@example.com")]
    [TestCase("Dates for the trip: From: Kenji Mori <k.mori@example.jp>\nTo: ops@example.com")]
    public void LeavesProseWithAColonAlone(string text)
    {
        Assert.That(Kinds(text)[0], Is.EqualTo(LineKind.Text));
    }

    [TestCase("On Mon, 12 May 2025 at 09:14, Kenji Mori <k.mori@example.jp> wrote:", "k.mori@example.jp")]
    [TestCase("Le lun. 12 mai 2025, Kenji Mori <k.mori@example.jp> a écrit :", "k.mori@example.jp")]
    [TestCase("2025年5月13日(火) 16:05 加藤 恵 <m.kato@example.jp>:", "m.kato@example.jp")]
    public void FindsAttributionsAndTheirWriter(string attribution, string writer)
    {
        var thread = ThreadStructure.Analyse(attribution + "\n> quoted line", new MailboxRef("Sender", "sender@example.com"));
        Assert.That(thread.Kinds[0], Is.EqualTo(LineKind.Attribution));
        Assert.That(thread.WriterOf(1)?.Address, Is.EqualTo(writer));
    }

    [TestCase("-----Original Message-----")]
    [TestCase("---------- Forwarded message ---------")]
    [TestCase("  Begin forwarded message:")]
    [TestCase("-- ")]
    [TestCase("＝＝＝＝＝＝")]
    [TestCase("・・・")]
    [TestCase("----- 転送メッセージ -----")]
    [TestCase("転送されたメッセージ:")]
    [TestCase("- - - - -")]
    [TestCase("━━━━━━━━━━━━━━━━")]
    [TestCase(" ◆◇◆\t◇◆◇ ")]
    [TestCase("* * *")]
    [TestCase("- Original Message -")]
    [TestCase("BEGIN FORWARDED MESSAGE")]
    [TestCase("___ ＝＝ 転送 ＝＝ ___")]
    public void FindsRules(string line)
    {
        Assert.That(Kinds(line + "\nbody"), Is.EqualTo(new[] { LineKind.Rule, LineKind.Text }));
    }

    [TestCase("Call 555-0147 -- or write")]
    [TestCase("Prices: 1,200 - 1,500 yen")]
    [TestCase("Meeting 2025-05-14 ---")]
    [TestCase("- review the original message first -")]
    [TestCase("* bring the badge")]
    [TestCase("━━━━ 会議室 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ x")]
    [TestCase("**")]
    [TestCase("・資料を確認")]
    [TestCase("Begin the forwarded message review")]
    public void LeavesDashesInsideALineAlone(string line)
    {
        Assert.That(Kinds(line), Is.EqualTo(new[] { LineKind.Text }));
    }

    [TestCase("Kenji Mori wrote:")]
    [TestCase("Kenji Mori wrote")]
    [TestCase("Kenji Mori schrieb :")]
    [TestCase("森 健一さんは書きました：")]
    [TestCase("2025/05/13 森 健一のメッセージ")]
    public void FindsAttributionsWithoutAnAddress(string line)
    {
        Assert.That(Kinds(line + "\n> quoted")[0], Is.EqualTo(LineKind.Attribution));
    }
}
