using System.Runtime.InteropServices;

namespace MailGuard.Spool;

/// <summary>
/// Makes renames into a directory durable with fsync on the directory. Concurrent callers share one fsync
/// (group commit): a caller waits for an fsync that started after its call, so its rename is covered.
/// </summary>
public sealed class DirectorySync(string path)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _next;
    private bool _running;

    public string Path { get; } = path;

    /// <summary>Returns once an fsync of the directory that began after this call has completed.</summary>
    public Task SyncAsync()
    {
        TaskCompletionSource waiter;
        var start = false;
        lock (_gate)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = _next;
            if (!_running)
            {
                _running = true;
                start = true;
            }
        }
        if (start)
        {
            _ = Task.Run(RunAsync);
        }
        return waiter.Task;
    }

    private void RunAsync()
    {
        while (true)
        {
            TaskCompletionSource batch;
            lock (_gate)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }
                batch = _next;
                _next = null;
            }
            try
            {
                Fsync(Path);
                batch.SetResult();
            }
            catch (Exception e)
            {
                batch.SetException(e);
            }
        }
    }

    /// <summary>fsync(2) on a directory; .NET cannot open a directory as a file, so this goes to libc.</summary>
    public static void Fsync(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            // Windows makes the rename durable with the file's own flush; there is no directory handle to sync.
            return;
        }
        var fd = NativeMethods.open(directory, NativeMethods.O_RDONLY);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} for fsync (errno {Marshal.GetLastPInvokeError()})");
        }
        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    private static class NativeMethods
    {
        public const int O_RDONLY = 0;

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
