using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Net;

/// <summary>
/// The session's output. SmtpServer writes its replies here; each line passes through <see cref="ReplyRewriter"/>
/// on flush, so every refusal the client sees carries an enhanced status code and a readable text.
/// </summary>
internal sealed class ReplyWriter(PipeWriter inner, ReceiveSession session, ReplyRewriter rewriter) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(512);
    private bool _closing;

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        // Latin-1 maps bytes to chars one to one, so lines that need no rewrite go out byte for byte.
        var text = Encoding.Latin1.GetString(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
        if (_closing)
        {
            // Receive has already said its last word (421, 500 line too long); SmtpServer's follow-ups stay unsaid.
            return new FlushResult(isCanceled: false, isCompleted: true);
        }
        foreach (var line in text.Split("\r\n"))
        {
            if (line.Length > 0)
            {
                Write(rewriter.Rewrite(line, session));
            }
        }
        return await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends Receive's last reply of the session; anything SmtpServer writes afterwards is dropped.</summary>
    public async Task SendFinalAsync(SmtpResponse response, CancellationToken cancellationToken)
    {
        _closing = true;
        Write(ReceiveReplies.Line(response));
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Write(string line)
    {
        var bytes = Encoding.Latin1.GetBytes(line + "\r\n");
        inner.Write(bytes);
    }
}
