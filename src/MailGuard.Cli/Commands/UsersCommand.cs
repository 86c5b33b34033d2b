using System.CommandLine;
using System.Text;
using System.Text.Json;
using MailGuard.Core;

namespace MailGuard.Cli.Commands;

/// <summary>
/// <c>mailguard users add NAME --role reviewer|admin</c>: asks for a password and prints the <c>Review:Users</c> entry
/// with its hash, to paste into mailguard.json. The config never holds a password, and this command writes no file.
/// </summary>
internal static class UsersCommand
{
    private static readonly string[] Roles = ["reviewer", "admin"];

    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The sign-in name." };
        var role = new Option<string>("--role")
        {
            Description = "reviewer (read and decide) or admin (also the audit log).",
            DefaultValueFactory = _ => "reviewer",
        };
        role.AcceptOnlyFromAmong(Roles);
        var add = new Command("add", "Prints a Review:Users entry with the password's hash (the password is read from standard input).")
        {
            name,
            role,
        };
        add.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            var password = ReadPassword(error);
            if (string.IsNullOrEmpty(password))
            {
                error.WriteLine("mailguard users add: no password given");
                return ExitCodes.Error;
            }
            var entry = new Dictionary<string, string>
            {
                ["Name"] = parsed.GetRequiredValue(name),
                ["Role"] = parsed.GetRequiredValue(role),
                ["PasswordHash"] = PasswordHash.Create(password),
            };
            output.WriteLine(JsonSerializer.Serialize(entry));
            error.WriteLine("Add this entry to the \"Users\" list of the \"Review\" section in mailguard.json.");
            return ExitCodes.Ok;
        });
        return new Command("users", "Manages review console accounts.") { add };
    }

    /// <summary>One line from a pipe, or typed twice without echo at a terminal.</summary>
    private static string? ReadPassword(TextWriter prompt)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        prompt.Write("Password: ");
        var first = ReadHidden();
        prompt.Write("Again: ");
        var second = ReadHidden();
        if (first != second)
        {
            prompt.WriteLine("The passwords differ.");
            return null;
        }
        return first;
    }

    private static string ReadHidden()
    {
        var text = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
