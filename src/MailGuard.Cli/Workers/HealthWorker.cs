using System.Net;
using System.Text.Json;
using MailGuard.Quarantine;
using MailGuard.Receive;
using MailGuard.Spool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Workers;

/// <summary>
/// Answers <c>GET Health:Url</c> with <c>{"accepting":true,"sessions":0,"queues":{"incoming":0,...},"quarantine":"up"}</c>:
/// 200 while the relay accepts mail, 503 when it does not. A quarantine store that is down does not make it 503: the
/// relay still passes clean mail and keeps what it would hold in <c>hold/</c>; <c>quarantine</c> says <c>down</c>.
/// </summary>
internal sealed partial class HealthWorker(
    IOptions<HealthOptions> options, IReceiveStatus status, SpoolStore spool, QuarantineHealth quarantine, ILogger<HealthWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var url = options.Value.Url;
        if (url.Length == 0)
        {
            return;
        }
        var uri = new Uri(url);
        using var listener = new HttpListener();
        listener.Prefixes.Add($"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath.TrimEnd('/')}/");
        listener.Start();
        LogListening(logger, url);
        await using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && stoppingToken.IsCancellationRequested)
            {
                return;
            }
            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var report = new
        {
            accepting = status.IsAccepting,
            sessions = status.ActiveSessions,
            queues = spool.Depths().ToDictionary(q => q.Key.ToString().ToLowerInvariant(), q => q.Value),
            quarantine = quarantine.IsUp switch { true => "up", false => "down", null => "unknown" },
        };
        response.StatusCode = report.accepting ? 200 : 503;
        response.ContentType = "application/json";
        await response.OutputStream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(report));
    }

    [LoggerMessage(EventId = 120, EventName = "health.listening", Level = LogLevel.Information, Message = "health check at {Url}")]
    private static partial void LogListening(ILogger logger, string url);
}
