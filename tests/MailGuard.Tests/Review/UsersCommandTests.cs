using System.Diagnostics;
using System.Text.Json;
using MailGuard.Core;

namespace MailGuard.Tests.Review;

/// <summary><c>mailguard users add</c>, run as the real executable with the password on standard input.</summary>
public sealed class UsersCommandTests
{
    [Test]
    public async Task Prints_an_entry_whose_hash_verifies_the_password()
    {
        var (exit, output, _) = await RunAsync("users add kato.admin --role admin", "battery staple 2\n");
        Assert.That(exit, Is.Zero);
        var entry = JsonSerializer.Deserialize<Dictionary<string, string>>(output.Trim())!;
        Assert.That((entry["Name"], entry["Role"]), Is.EqualTo(("kato.admin", "admin")));
        Assert.That(output, Does.Not.Contain("battery staple"));
        Assert.That(PasswordHash.Verify("battery staple 2", entry["PasswordHash"]), Is.True);
        Assert.That(PasswordHash.Verify("battery staple 3", entry["PasswordHash"]), Is.False);
    }

    [Test]
    public async Task Refuses_an_unknown_role_and_an_empty_password()
    {
        var (badRole, _, roleError) = await RunAsync("users add kato --role root", "x\n");
        Assert.That(badRole, Is.EqualTo(2));
        Assert.That(roleError, Does.Contain("root"));
        var (empty, output, error) = await RunAsync("users add kato", "\n");
        Assert.That(empty, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("no password"));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string arguments, string input)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "mailguard.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{cli}\" {arguments}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
