using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace MailGuard.Tests.Relay;

/// <summary><c>mailguard run --config DIR</c> as a child process, the way an operator runs it.</summary>
internal sealed class RelayProcess : IDisposable
{
    // The last lines the relay wrote, both streams: what a failure message shows of a relay that did not come up.
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();

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
        var relay = new RelayProcess(process);
        // Drain both pipes so a chatty child never blocks on a full pipe, keeping the last lines for a failure message.
        process.OutputDataReceived += (_, e) => relay.Keep(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                TestContext.Progress.WriteLine("mailguard: " + e.Data);
            }
            relay.Keep(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return relay;
    }

    /// <summary>
    /// Polls the health endpoint until it says accepting (bounded). A relay that exits or never says so fails with what
    /// it wrote last: a port taken, a spool it could not recover.
    /// </summary>
    public async Task WaitUntilAcceptingAsync(int healthPort, TimeSpan within)
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
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mailguard exited with {_process.ExitCode} before accepting:\n{LastLines()}");
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"mailguard did not start accepting within {within.TotalSeconds} s:\n{LastLines()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lastLines.Enqueue(line);
        while (_lastLines.Count > KeptLines && _lastLines.TryDequeue(out _))
        {
        }
    }

    private string LastLines() => _lastLines.IsEmpty ? "(it wrote nothing)" : string.Join('\n', _lastLines);

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
