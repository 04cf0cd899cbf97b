using System.Reflection;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace BigDL.Grains.Tests;

public sealed class SiloLossTests
{
    static Func<Task<int>> FailingFirst(int failures, Func<Exception> failure)
    {
        var calls = 0;
        return () => ++calls <= failures ? Task.FromException<int>(failure()) : Task.FromResult(calls);
    }

    [Fact]
    public async Task A_call_lost_to_a_dead_silo_is_made_again_until_it_answers()
    {
        var answer = await SiloLoss.RetryAsync(FailingFirst(2, () => new InvalidOperationException("wrapped", new SiloUnavailableException("silo gone"))), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(3, answer);
    }

    [Fact]
    public async Task A_call_whose_message_was_rejected_on_the_way_to_a_dying_silo_is_made_again()
    {
        // What a trial's report met when the experiment's silo had just been killed and was not yet declared dead.
        var rejected = await SiloLoss.RetryAsync(
            FailingFirst(1, () => Rejection("Exception while sending message: Unable to connect to S127.0.0.1:38617")),
            TimeSpan.FromMinutes(1), CancellationToken.None);
        var unconnected = await SiloLoss.RetryAsync(FailingFirst(1, () => new ConnectionFailedException("Unable to connect")), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(2, rejected);
        Assert.Equal(2, unconnected);
    }

    // Orleans makes these itself (its constructors are internal), as the message center does for a failed send.
    static OrleansMessageRejectionException Rejection(string message) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(typeof(OrleansMessageRejectionException), BindingFlags.NonPublic | BindingFlags.Instance, null, [message], null)!;

    [Fact]
    public async Task A_call_the_directory_cancelled_as_its_owner_left_is_made_again_but_not_after_the_callers_own_cancellation()
    {
        // What a writer met when a silo was declared dead within seconds of its kill: the distributed directory's lookup,
        // cancelled each time as the owning silo left, gave up with OperationCanceledException.
        var answer = await SiloLoss.RetryAsync(FailingFirst(2, () => new OperationCanceledException()), TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(3, answer);

        using var cancelled = new CancellationTokenSource();
        var calls = 0;
        var failure = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SiloLoss.RetryAsync(
            () =>
            {
                calls++;
                cancelled.Cancel(); // the caller gives up while its call is in flight
                return Task.FromException<int>(new OperationCanceledException(cancelled.Token));
            },
            TimeSpan.FromMinutes(1), cancelled.Token));
        Assert.Equal(1, calls);
        Assert.Equal(cancelled.Token, failure.CancellationToken);
    }

    [Fact]
    public async Task A_timed_out_call_is_made_again_only_when_asked()
    {
        var answer = await SiloLoss.RetryAsync(FailingFirst(1, () => new TimeoutException("slow")), TimeSpan.FromMinutes(1), CancellationToken.None, retryTimeouts: true);
        Assert.Equal(2, answer);

        await Assert.ThrowsAsync<TimeoutException>(() => SiloLoss.RetryAsync(FailingFirst(1, () => new TimeoutException("slow")), TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Other_failures_and_losses_past_the_window_are_thrown()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SiloLoss.RetryAsync(FailingFirst(1, () => new ArgumentException("bad")), TimeSpan.FromMinutes(1), CancellationToken.None, retryTimeouts: true));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => SiloLoss.RetryAsync(FailingFirst(int.MaxValue, () => new SiloUnavailableException("gone")), TimeSpan.Zero, CancellationToken.None));
    }
}
