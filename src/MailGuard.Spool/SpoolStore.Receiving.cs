using MailGuard.Core;

namespace MailGuard.Spool;

public sealed partial class SpoolStore
{
    /// <inheritdoc />
    public async Task<IIncomingSpoolFile> BeginAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, CancellationToken cancellationToken)
    {
        var temp = TempPathFor(envelope);
        try
        {
            var writer = await SpoolFileWriter.CreateAsync(temp, envelope, [traceHeader], cancellationToken);
            return new IncomingSpoolFile(this, envelope, temp, writer, traceHeader.Length);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>A spool file in <c>tmp</c> that becomes a message in <c>incoming</c> only when committed.</summary>
    private sealed class IncomingSpoolFile(SpoolStore spool, Envelope envelope, string temp, SpoolFileWriter writer, long traceLength) : IIncomingSpoolFile
    {
        private long _length = traceLength;
        private bool _finished;

        public Envelope Envelope => envelope;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _length += bytes.Length;
            return writer.AppendAsync(bytes, cancellationToken);
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _finished = true;
            try
            {
                await writer.FinishAsync(cancellationToken);
                await spool.CommitAsync(SpoolQueue.Incoming, envelope.Id, temp, writer.Checked(envelope));
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
            spool.LogSpooled(envelope.Id, envelope.Recipients.Count, _length);
        }

        public async ValueTask DisposeAsync()
        {
            await writer.DisposeAsync();
            if (!_finished)
            {
                _finished = true;
                File.Delete(temp);
            }
        }
    }
}
