using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Scratch arrays for a part's text come from the shared pool only while small: the pool keeps what it is given back,
/// and a 10 MB body's buffers held there would stay after the message is gone.
/// </summary>
public sealed class ArrayRentalTests
{
    [Test]
    public void A_small_array_goes_back_to_the_pool_and_is_handed_out_again()
    {
        var first = ArrayRental.Rent<char>(1000);
        ArrayRental.Return(first);

        var second = ArrayRental.Rent<char>(1000);
        ArrayRental.Return(second);

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void A_large_array_is_exactly_the_size_asked_for_and_never_kept()
    {
        var first = ArrayRental.Rent<char>(3_000_000);
        Assert.That(first, Has.Length.EqualTo(3_000_000));
        ArrayRental.Return(first);

        var second = ArrayRental.Rent<char>(3_000_000);

        Assert.That(second, Is.Not.SameAs(first));
    }

    [Test]
    public void The_limit_is_in_bytes_so_wide_elements_stop_being_pooled_at_fewer_elements()
    {
        // 20,000 lines of 16 bytes are past the limit where 20,000 chars are not.
        Assert.That(ArrayRental.Rent<TextLine>(20_000), Has.Length.EqualTo(20_000));
        var chars = ArrayRental.Rent<char>(20_000);
        Assert.That(chars.Length, Is.GreaterThanOrEqualTo(20_000));
        ArrayRental.Return(chars);
    }
}
