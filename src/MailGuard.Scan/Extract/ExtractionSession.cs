namespace MailGuard.Scan.Extract;

/// <summary>
/// One message's extraction: collects segments and problems, and holds the budgets shared by all its parts
/// (expanded bytes) so a bomb spread over many parts is caught as surely as one in a single part.
/// </summary>
internal sealed class ExtractionSession(ExtractOptions options, TimeProvider time, CancellationToken messageToken) : IDisposable
{
    private readonly List<TextSegment> _segments = [];
    private readonly List<ExtractionProblem> _problems = [];
    private readonly CancellationToken _messageToken = messageToken;

    // The part clocks by nesting level. Parts that follow each other at one level reuse its clock, restarted: two
    // token sources and a timer a part were a good share of what extracting a short message allocated.
    private readonly List<PartClock> _clocks = [];
    private int _depth;
    private long _expandedBytes;

    public ExtractOptions Options { get; } = options;

    /// <summary>The token of the part being read: the caller's token plus the per-part time limit.</summary>
    public CancellationToken Token { get; private set; } = messageToken;

    public IReadOnlyList<TextSegment> Segments => _segments;

    public IReadOnlyList<ExtractionProblem> Problems => _problems;

    public void Add(string location, SegmentRole role, string text, HeaderBlock? headers = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        if (text.Length > Options.MaxTextCharsPerPart)
        {
            TextTooLong(location);
            text = text[..Options.MaxTextCharsPerPart];
        }
        _segments.Add(new TextSegment(location, role, NormalizedText.From(text), headers));
    }

    /// <summary>Says the text at <paramref name="location"/> went on past <see cref="ExtractOptions.MaxTextCharsPerPart"/>.</summary>
    public void TextTooLong(string location) =>
        Problem(location, $"text longer than {Options.MaxTextCharsPerPart} characters; the rest was not read");

    public void Problem(string location, string reason)
    {
        // One reason per location is enough for a reviewer; repeats come from the same cause.
        if (!_problems.Exists(p => p.Location == location && p.Reason == reason))
        {
            _problems.Add(new ExtractionProblem(location, reason));
        }
    }

    /// <summary>Counts decoded bytes against the message's budget; throws when it is spent.</summary>
    public void Expand(long bytes)
    {
        _expandedBytes += bytes;
        if (_expandedBytes > Options.MaxExpandedBytes)
        {
            throw new ExtractionLimitException($"expanded size limit ({Options.MaxExpandedBytes} bytes per message) reached");
        }
    }

    /// <summary>
    /// Runs one part's extraction under the per-part time limit. Whatever it throws becomes a problem at
    /// <paramref name="location"/> and the rest of the message still extracts; only the caller's cancellation escapes.
    /// Nested parts run inside their parent's time box, so the outer limit bounds the whole subtree.
    /// </summary>
    public void Run(string location, string what, Action body)
    {
        var outer = Token;
        var clock = StartClock(outer);
        Token = clock.Token;
        _depth++;
        try
        {
            body();
        }
        catch (OperationCanceledException) when (_messageToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (outer.IsCancellationRequested)
        {
            // The enclosing part's clock ran out; let that part report it once.
            throw;
        }
        catch (OperationCanceledException)
        {
            Problem(location, $"time limit ({Options.PartTimeout.TotalSeconds:0.#} s per part) exceeded reading {what}");
        }
        catch (ExtractionLimitException e)
        {
            Problem(location, e.Message);
        }
        catch (UnreadablePartException e)
        {
            Problem(location, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The exception text may quote the content; the type is enough to say what went wrong.
            Problem(location, $"{what} could not be read (corrupt or unsupported: {e.GetType().Name})");
        }
        finally
        {
            _depth--;
            Token = outer;
            StopClock(clock);
        }
    }

    public void Dispose()
    {
        foreach (var clock in _clocks)
        {
            clock.Dispose();
        }
        _clocks.Clear();
    }

    private PartClock StartClock(CancellationToken outer)
    {
        if (_depth < _clocks.Count)
        {
            var reused = _clocks[_depth];
            reused.Restart(Options.PartTimeout);
            return reused;
        }
        var clock = new PartClock(outer, Options.PartTimeout, time);
        _clocks.Add(clock);
        return clock;
    }

    private void StopClock(PartClock clock)
    {
        if (clock.TryStop())
        {
            return;
        }
        // A clock that ran out stays cancelled; it and the clocks of the levels inside it, linked to its token, are replaced.
        for (var level = _depth; level < _clocks.Count; level++)
        {
            _clocks[level].Dispose();
        }
        _clocks.RemoveRange(_depth, _clocks.Count - _depth);
    }

    /// <summary>One level's time limit: the enclosing token plus a timeout, stopped between parts and restarted for the next.</summary>
    private sealed class PartClock : IDisposable
    {
        private readonly CancellationTokenSource _timeout;
        private readonly CancellationTokenSource _linked;

        public PartClock(CancellationToken outer, TimeSpan limit, TimeProvider time)
        {
            _timeout = new CancellationTokenSource(limit, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timeout.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Restart(TimeSpan limit) => _timeout.CancelAfter(limit);

        /// <summary>Stops the timeout and drops what the part registered; false when either had been cancelled.</summary>
        public bool TryStop() => _timeout.TryReset() && _linked.TryReset();

        public void Dispose()
        {
            _linked.Dispose();
            _timeout.Dispose();
        }
    }
}
