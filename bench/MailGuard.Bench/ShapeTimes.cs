using System.Diagnostics;
using System.Globalization;
using MimeKit;

namespace MailGuard.Bench;

/// <summary>
/// <c>--shapes [set]</c>: where a set's Scan time goes, by message shape (the attachment types, or plain/html for a
/// message with none). Each operation is timed per message after a warm-up long enough for tiered compilation; the
/// columns are µs per message of the whole set, so a shape's row is its share of the set's mean, comparable with
/// BenchmarkDotNet's Mean. Run it pinned (<c>taskset -c 1</c>) on a quiet machine; it is a map, not the figure.
/// <c>--shapes SET loop OPERATION SHAPE SECONDS</c> warms up, then runs one operation (extract, detect, scan) over one
/// shape (or <c>all</c>) for that long, for a profiler to attach to once it says so (<c>DOTNET_PerfMapEnabled=1</c>,
/// <c>perf record -g -p</c>; <c>bench/scan-owners.sh</c> does this).
/// </summary>
public static class ShapeTimes
{
    private const int Repeats = 20;

    public static int Run(string[] args)
    {
        var setup = new ScanSetup(LoadMessages.Set(args.Length > 1 ? args[1] : "mix"));
        setup.WarmUp(args.Length > 1 ? args[1] : "mix");
        if (args.Length > 5 && args[2] == "loop")
        {
            return Loop(setup, args[3], args[4], double.Parse(args[5], CultureInfo.InvariantCulture));
        }
        var rows = new List<(string Shape, int Bytes, double Parse, double Extract, double Detect, double Scan)>();
        for (var i = 0; i < setup.Messages.Count; i++)
        {
            var message = setup.Messages[i];
            var (extraction, parties) = setup.Extracted[i];
            rows.Add((Shape(message), message.Length,
                Time(() => new MimeParser(new MemoryStream(message, writable: false), persistent: true).ParseMessage()),
                Time(() => setup.Extractor.Extract(new MemoryStream(message, writable: false), CancellationToken.None)),
                Time(() => setup.Detector.Detect(extraction, parties)),
                Time(() => setup.Scanner.ScanAsync(new MemoryStream(message, writable: false), null, CancellationToken.None).GetAwaiter().GetResult())));
        }
        var n = (double)rows.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"shape (µs per message of the set)",-44} {"msgs",5} {"KB",6} {"parse",7} {"extract",8} {"detect",7} {"scan",7} {"x parse",8}"));
        foreach (var group in rows.GroupBy(r => r.Shape).OrderByDescending(g => g.Sum(r => r.Scan)).Append(rows.GroupBy(_ => "ALL").Single()))
        {
            var parse = group.Sum(r => r.Parse) / n;
            var scan = group.Sum(r => r.Scan) / n;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Shorten(group.Key),-44} {group.Count(),5} {group.Average(r => r.Bytes) / 1024,6:0} {parse,7:0.0} {group.Sum(r => r.Extract) / n,8:0.0} {group.Sum(r => r.Detect) / n,7:0.0} {scan,7:0.0} {scan / parse,8:0.0}"));
        }
        return 0;
    }

    private static int Loop(ScanSetup setup, string operation, string shape, double seconds)
    {
        var chosen = Enumerable.Range(0, setup.Messages.Count).Where(i => shape == "all" || Shape(setup.Messages[i]) == shape).ToList();
        // A profiler attaches once this line is out: from here on the code is the optimised code a gateway runs.
        Console.WriteLine($"looping {operation} over {chosen.Count} messages of shape {shape} for {seconds} s");
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var operations = 0L;
        while (Stopwatch.GetTimestamp() < end)
        {
            foreach (var i in chosen)
            {
                var message = setup.Messages[i];
                var (extraction, parties) = setup.Extracted[i];
                _ = operation switch
                {
                    "extract" => (object)setup.Extractor.Extract(new MemoryStream(message, writable: false), CancellationToken.None),
                    "detect" => setup.Detector.Detect(extraction, parties),
                    _ => setup.Scanner.ScanAsync(new MemoryStream(message, writable: false), null, CancellationToken.None).GetAwaiter().GetResult(),
                };
                operations++;
            }
        }
        Console.WriteLine($"{operations} {operation} operations over {chosen.Count} messages of shape {shape}");
        return 0;
    }

    private static double Time(Action operation)
    {
        operation();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Repeats; i++)
        {
            operation();
        }
        return watch.Elapsed.TotalMicroseconds / Repeats;
    }

    private static string Shape(byte[] message)
    {
        var parsed = MimeMessage.Load(new MemoryStream(message, writable: false));
        var types = parsed.BodyParts.Select(p => p.ContentType.MimeType.ToLowerInvariant()).ToList();
        var attached = types.Where(t => t is not "text/plain" and not "text/html").Distinct().Order(StringComparer.Ordinal).ToList();
        return attached.Count > 0 ? string.Join(",", attached) : types.Contains("text/html") ? "html" : "plain";
    }

    private static string Shorten(string shape) => shape
        .Replace("application/vnd.openxmlformats-officedocument.", "ooxml.", StringComparison.Ordinal)
        .Replace("application/", "", StringComparison.Ordinal);
}
