using System.Net;
using System.Net.Sockets;
using MailGuard.Core;
using MailGuard.Receive;
using MailGuard.Receive.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.IO;

namespace MailGuard.Tests.Receive;

public sealed class ReceiveSocketTests
{
    [Test]
    public async Task An_accepted_client_socket_has_NoDelay_on()
    {
        var options = new ReceiveOptions();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var policy = new RelayPolicy(Options.Create(options), Options.Create(new OrganizationOptions()));
        var factory = new ReceiveListenerFactory([listener], options, new ReceiveSessions(), new ReplyRewriter(options, policy),
            new RecordingSpoolWriter(), TimeProvider.System, NullLogger.Instance);
        var definition = new EndpointDefinitionBuilder().Endpoint(endpoint).Build();
        using var accepting = factory.CreateListener(definition);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var pipe = accepting.GetPipeAsync(new Context(definition), timeout.Token);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(endpoint, timeout.Token);
        using var session = (SessionPipe)await pipe;

        Assert.That(session.Socket.RemoteEndPoint, Is.EqualTo(client.Client.LocalEndPoint));
        Assert.That(session.Socket.NoDelay, Is.True);
    }

    /// <summary>The little of SmtpServer's session context that accepting a connection touches.</summary>
    private sealed class Context(IEndpointDefinition endpoint) : ISessionContext
    {
        public Guid SessionId { get; } = Guid.NewGuid();

        public event EventHandler<SmtpCommandEventArgs>? CommandExecuting { add { } remove { } }

        public event EventHandler<SmtpCommandEventArgs>? CommandExecuted { add { } remove { } }

        public event EventHandler<SmtpResponseExceptionEventArgs>? ResponseException { add { } remove { } }

        public event EventHandler<EventArgs>? SessionAuthenticated { add { } remove { } }

        public IServiceProvider ServiceProvider { get; } = new SmtpServer.ComponentModel.ServiceProvider();

        public ISmtpServerOptions ServerOptions { get; } = new SmtpServerOptionsBuilder().ServerName("mx.test.example").Build();

        public IEndpointDefinition EndpointDefinition => endpoint;

        public ISecurableDuplexPipe Pipe => null!;

        public AuthenticationContext Authentication => AuthenticationContext.Unauthenticated;

        public IDictionary<string, object> Properties { get; } = new Dictionary<string, object>();
    }
}
