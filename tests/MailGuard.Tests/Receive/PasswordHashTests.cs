using MailGuard.Receive;

namespace MailGuard.Tests.Receive;

public sealed class PasswordHashTests
{
    [Test]
    public void A_hash_verifies_its_password_and_nothing_else()
    {
        var hash = PasswordHash.Create("correct horse", iterations: 1000);

        Assert.That(PasswordHash.Verify("correct horse", hash), Is.True);
        Assert.That(PasswordHash.Verify("correct horsf", hash), Is.False);
        Assert.That(PasswordHash.Verify("", hash), Is.False);
    }

    [Test]
    public void The_format_carries_scheme_iterations_salt_and_hash()
    {
        var parts = PasswordHash.Create("pw", iterations: 1234).Split('$');

        Assert.That(parts, Has.Length.EqualTo(4));
        Assert.That(parts[0], Is.EqualTo("pbkdf2-sha256"));
        Assert.That(parts[1], Is.EqualTo("1234"));
        Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(16));
        Assert.That(Convert.FromBase64String(parts[3]), Has.Length.EqualTo(32));
    }

    [Test]
    public void The_same_password_gets_a_different_salt_each_time()
    {
        var first = PasswordHash.Create("pw", 1000);
        var second = PasswordHash.Create("pw", 1000);

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void A_hash_made_elsewhere_with_the_documented_recipe_verifies()
    {
        // python3 -c "import hashlib,base64;s=b'0123456789abcdef';print(base64.b64encode(hashlib.pbkdf2_hmac('sha256',b'secret',s,1000)).decode())"
        const string hash = "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$tiKWHy4FAGCWE8gn6GtKhaxD2OeeAUUWXFT/p1aaNl8=";

        Assert.That(PasswordHash.Verify("secret", hash), Is.True);
    }

    [TestCase("")]
    [TestCase("plaintext-password")]
    [TestCase("pbkdf2-sha256$0$MDEyMzQ1Njc4OWFiY2RlZg==$tiKWHy4FAGCWE8gn6GtKhaxD2OeeAUUWXFT/p1aaNl8=")]
    [TestCase("pbkdf2-sha1$1000$MDEyMzQ1Njc4OWFiY2RlZg==$tiKWHy4FAGCWE8gn6GtKhaxD2OeeAUUWXFT/p1aaNl8=")]
    [TestCase("pbkdf2-sha256$1000$not base64$tiKWHy4FAGCWE8gn6GtKhaxD2OeeAUUWXFT/p1aaNl8=")]
    public void Malformed_hashes_are_rejected_and_never_verify(string hash)
    {
        Assert.That(PasswordHash.IsWellFormed(hash), Is.False);
        Assert.That(PasswordHash.Verify("secret", hash), Is.False);
    }
}
