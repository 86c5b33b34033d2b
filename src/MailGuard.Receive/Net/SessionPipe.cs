using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailGuard.Spool;
using SmtpServer.IO;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Net;

/// <summary>
/// One session's connection, plain or after STARTTLS, with <see cref="GuardedPipeReader"/> and
/// <see cref="ReplyWriter"/> always on the plaintext side of TLS.
/// </summary>
internal sealed class SessionPipe : ISecurableDuplexPipe
{
    private const int ReadBufferBytes = 32 * 1024;
    private static readonly TimeSpan FinalReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly NetworkStream _network;
    private readonly ReceiveSession _session;
    private readonly ReceiveOptions _options;
    private readonly ReceiveSessions _sessions;
    private readonly ReplyRewriter _rewriter;
    private readonly ISpoolWriter _spool;
    private readonly TimeProvider _clock;
    private Stream _stream;
    private ReplyWriter _output;
    private bool _disposed;

    public SessionPipe(Socket socket, ReceiveSession session, ReceiveOptions options, ReceiveSessions sessions, ReplyRewriter rewriter, ISpoolWriter spool, TimeProvider clock)
    {
        _network = new NetworkStream(socket, ownsSocket: true);
        _stream = _network;
        (_session, _options, _sessions, _rewriter, _spool, _clock) = (session, options, sessions, rewriter, spool, clock);
        (Input, _output) = Wrap(_stream);
    }

    /// <summary>The accepted socket, for reading its options.</summary>
    public Socket Socket => _network.Socket;

    public PipeReader Input { get; private set; }

    public PipeWriter Output => _output;

    public bool IsSecure => _stream is SslStream;

    public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

    public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
    {
        var tls = new SslStream(_network, leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(_options.CommandTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = false,
                    EnabledSslProtocols = protocols,
                },
                linked.Token).ConfigureAwait(false);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // Bytes pipelined after STARTTLS in plaintext die with the old reader: they must never count as sent over TLS.
        _stream = tls;
        (Input, _output) = Wrap(_stream);
    }

    /// <summary>Receive's last reply to the client before the session ends.</summary>
    public async Task SendFinalAsync(SmtpResponse reply)
    {
        using var timeout = new CancellationTokenSource(FinalReplyTimeout);
        await _output.SendFinalAsync(reply, timeout.Token).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_stream != _network)
        {
            _stream.Dispose();
        }
        _network.Dispose();
        _sessions.Exit();
    }

    private (PipeReader, ReplyWriter) Wrap(Stream stream)
    {
        // 32 KB reads instead of the default 4 KB: a 100 KB DATA took some thirty trips through the socket, this reader
        // and the spool writer; commands still parse from whatever arrived. Each session waits with one such buffer
        // from the shared pool (32 KB times Receive:MaxSessions at most).
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes, minimumReadSize: ReadBufferBytes / 4, leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        return (new GuardedPipeReader(reader, _session, _options, _sessions, _spool, _clock, SendFinalAsync),
            new ReplyWriter(writer, _session, _rewriter));
    }
}
