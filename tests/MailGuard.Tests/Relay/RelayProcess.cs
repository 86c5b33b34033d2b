using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace MailGuard.Tests.Relay;

/// <summary><c>mailguard run --config DIR</c> as a child process, the way an operator runs it.</summary>
internal sealed class RelayProcess : IDisposable
{
    private readonly Process _process;

    private RelayProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Writes <c>DIR/config/mailguard.json</c> for a relay on <paramref name="smtpPort"/> delivering to <paramref name="upstreamPort"/>.</summary>
    public static string WriteConfig(string directory, int smtpPort, int healthPort, int upstreamPort)
    {
        var config = Path.Combine(directory, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "mailguard.json"), string.Create(CultureInfo.InvariantCulture, $$"""
            // Crash test configuration.
            {
              "DataDirectory": "{{Path.Combine(directory, "data")}}",
              "Receive": { "Endpoints": [ "127.0.0.1:{{smtpPort}}" ], "ServerName": "mailguard.example.com", "MaxSessions": 200 },
              "Deliver": { "Host": "127.0.0.1", "Port": {{upstreamPort}}, "Security": "None", "RetryInitialDelay": "00:00:01", "RetryMaxDelay": "00:00:02" },
              "Health": { "Url": "http://127.0.0.1:{{healthPort}}/health" },
              "Review": { "Urls": "http://127.0.0.1:0" },
              "Notify": { "TemplatesDirectory": "{{Path.Combine(AppContext.BaseDirectory, "config", "templates")}}" },
              "Logging": { "LogLevel": { "Default": "Warning" } }
            }
            """));
        // The crash test is about durability, not judgement: every message passes, so each 250 must reach the upstream.
        File.WriteAllText(Path.Combine(config, "rules.yaml"), "rules: []\ndefault: { action: pass }\n");
        return config;
    }

    public static RelayProcess Start(string configDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(configDirectory)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailguard.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configDirectory);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start mailguard");
        // Drain both pipes so a chatty child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { TestContext.Progress.WriteLine("mailguard: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RelayProcess(process);
    }

    /// <summary>Polls the health endpoint until it says accepting (bounded).</summary>
    public static async Task WaitUntilAcceptingAsync(int healthPort, TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{healthPort}/health"));
                if (body.Contains("\"accepting\":true", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("mailguard did not start accepting in time");
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd or docker stop send it; returns the exit code, or null if it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan within)
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private const int SigTerm = 15;

    // .NET can send SIGKILL (Process.Kill) but not SIGTERM; libc can, without needing procps on the machine.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
