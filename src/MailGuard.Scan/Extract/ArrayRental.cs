using System.Buffers;
using System.Runtime.CompilerServices;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Scratch arrays sized by a part's text: from <see cref="ArrayPool{T}.Shared"/> up to <see cref="PooledBytes"/>, fresh
/// beyond. The shared pool keeps what it is given back (per thread and per core, arrays up to 1 GB), so renting for a
/// 10 MB body held tens of MB after the message was gone: `bench/memory.sh`'s 50 × 10 MiB text load went from 279 to
/// 370-379 MB peak when the body path began renting its line and text buffers.
/// </summary>
internal static class ArrayRental
{
    // A power of two, so whatever the pool hands out for a request up to it is also no larger than it.
    private const int PooledBytes = 256 * 1024;

    public static T[] Rent<T>(int length) =>
        (long)length * Unsafe.SizeOf<T>() <= PooledBytes ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    /// <summary>Gives <paramref name="array"/> back to the pool when it came from there; a large one is left to the GC.</summary>
    public static void Return<T>(T[] array, bool clearArray = false)
    {
        if ((long)array.Length * Unsafe.SizeOf<T>() <= PooledBytes)
        {
            ArrayPool<T>.Shared.Return(array, clearArray);
        }
    }
}
