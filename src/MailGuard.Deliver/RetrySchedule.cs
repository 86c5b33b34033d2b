namespace MailGuard.Deliver;

/// <summary>Exponential backoff between attempts, capped, and never past the end of the queue lifetime.</summary>
public static class RetrySchedule
{
    /// <summary>When to try again after the <paramref name="attempts"/>-th failed attempt (1 for the first).</summary>
    public static DateTimeOffset NextAttempt(DeliverOptions options, int attempts, DateTimeOffset now, DateTimeOffset receivedAt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryMaxDelay.Ticks, options.RetryInitialDelay.Ticks * factor));
        var next = now + delay;
        var expires = receivedAt + options.QueueLifetime;
        return next < expires ? next : expires;
    }
}
