using System.Runtime.CompilerServices;
using MimeKit;

namespace MailGuard.Cli.Replay;

/// <summary>Old mail to replay: the .eml files of a folder, or the messages of an mbox.</summary>
internal sealed class ReplaySource
{
    private readonly string _path;
    private readonly IReadOnlyList<string>? _files;

    private ReplaySource(string path, IReadOnlyList<string>? files)
    {
        _path = path;
        _files = files;
    }

    /// <summary>How many messages there are, when known before reading (a folder).</summary>
    public int? Count => _files?.Count;

    public static ReplaySource Open(string path) => Directory.Exists(path)
        ? new ReplaySource(path, [.. Directory.EnumerateFiles(path, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)])
        : new ReplaySource(path, null);

    /// <summary>Each message with a name for the report: the file's path below the folder, or <c>mbox#n</c>.</summary>
    public async IAsyncEnumerable<(string Name, Stream Message)> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_files is not null)
        {
            foreach (var file in _files)
            {
                yield return (Path.GetRelativePath(_path, file), File.OpenRead(file));
            }
            yield break;
        }
        await using var mbox = File.OpenRead(_path);
        var parser = new MimeParser(mbox, MimeFormat.Mbox);
        for (var n = 1; !parser.IsEndOfStream; n++)
        {
            var message = await parser.ParseMessageAsync(cancellationToken);
            var bytes = new MemoryStream();
            await message.WriteToAsync(bytes, cancellationToken);
            bytes.Position = 0;
            yield return ($"{Path.GetFileName(_path)}#{n}", bytes);
        }
    }
}
