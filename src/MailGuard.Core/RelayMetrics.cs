using Prometheus;

namespace MailGuard.Core;

/// <summary>
/// The relay's Prometheus metrics, defined once so every stage increments the same series and
/// <c>/metrics</c> on the review console exports them. Labels never carry addresses or other personal data.
/// </summary>
public static class RelayMetrics
{
    /// <summary>Messages accepted with a 250 (Receive).</summary>
    public static readonly Counter Received = Metrics.CreateCounter(
        "mailguard_receive_messages_total", "Messages accepted by the SMTP listener.");

    /// <summary>Commands refused by the SMTP listener (label <c>command</c>: MAIL, RCPT, DATA).</summary>
    public static readonly Counter Refused = Metrics.CreateCounter(
        "mailguard_receive_refused_total", "Commands refused by the SMTP listener.", new CounterConfiguration { LabelNames = ["command"] });

    /// <summary>Messages judged by inspection (label <c>verdict</c>: the verdict's name, <c>monitor</c>, <c>scan-failed</c> or <c>error</c>).</summary>
    public static readonly Counter Inspected = Metrics.CreateCounter(
        "mailguard_inspect_messages_total", "Messages judged by inspection, by verdict.", new CounterConfiguration { LabelNames = ["verdict"] });

    /// <summary>Time from the 250 (the envelope's acceptance time) to the upstream's 250, per delivered message.</summary>
    public static readonly Histogram DeliveryLatency = Metrics.CreateHistogram(
        "mailguard_delivery_latency_seconds", "Time from acceptance to the upstream server's 250.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 16) });

    /// <summary>Messages handed to the upstream server (Deliver).</summary>
    public static readonly Counter Delivered = Metrics.CreateCounter(
        "mailguard_deliver_delivered_total", "Messages the upstream server accepted.");

    /// <summary>Delivery attempts that failed transiently and were put back on the retry queue.</summary>
    public static readonly Counter Deferred = Metrics.CreateCounter(
        "mailguard_deliver_deferred_total", "Delivery attempts deferred for a retry.");

    /// <summary>Messages given up on with a DSN to the sender.</summary>
    public static readonly Counter Bounced = Metrics.CreateCounter(
        "mailguard_deliver_bounced_total", "Messages bounced back to the sender.");

    /// <summary>Messages put in quarantine.</summary>
    public static readonly Counter Held = Metrics.CreateCounter(
        "mailguard_quarantine_held_total", "Messages put in quarantine.");

    /// <summary>Held messages released by a reviewer.</summary>
    public static readonly Counter Released = Metrics.CreateCounter(
        "mailguard_quarantine_released_total", "Held messages released for delivery.");

    /// <summary>Messages held right now, across every relay sharing the store (set by the console when scraped).</summary>
    public static readonly Gauge HeldNow = Metrics.CreateGauge(
        "mailguard_quarantine_held_messages", "Messages in the held state right now.");

    /// <summary>Time to extract, detect and decide one message.</summary>
    public static readonly Histogram ScanSeconds = Metrics.CreateHistogram(
        "mailguard_scan_duration_seconds", "Time to scan and decide one message.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });

    /// <summary>Entries waiting in a queue directory (label <c>queue</c>: incoming, deliver, deferred, ...).</summary>
    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "mailguard_queue_depth", "Entries waiting in a queue.", new GaugeConfiguration { LabelNames = ["queue"] });
}
