using System.Collections.Concurrent;
using BigDL.Orleans.Runtime.Tests.Grains;

namespace BigDL.Orleans.Runtime.Tests.Core;

public sealed class ObserverManagerTests : IAsyncLifetime
{
    TestSilo silo = null!;

    public async Task InitializeAsync() => silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Notify_reaches_every_subscriber_and_drops_one_whose_client_is_gone()
    {
        var kept = new Inbox();
        var gone = new Inbox();
        var news = silo.Client.GetGrain<INewsGrain>(Guid.NewGuid().ToString("N"));
        await news.Subscribe(silo.Client.CreateObjectReference<IChatObserver>(kept));
        await news.Subscribe(silo.Client.CreateObjectReference<IChatObserver>(gone));

        Assert.Equal(2, await news.Publish("first"));
        silo.Client.DeleteObjectReference<IChatObserver>(gone);
        var remaining = await news.Publish("second");

        Assert.Equal(1, remaining);
        Assert.Equal(["first", "second"], kept.Messages);
        Assert.Equal(["first"], gone.Messages);
    }

    [Fact]
    public async Task A_subscription_that_is_not_renewed_expires()
    {
        var manager = new Utilities.ObserverManager<IChatObserver>(TimeSpan.Zero, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var inbox = new Inbox();
        var subscribedAt = DateTime.UtcNow;
        manager.Subscribe(silo.Client.CreateObjectReference<IChatObserver>(inbox));
        await Eventually.TrueAsync(() => DateTime.UtcNow > subscribedAt.AddMilliseconds(2), "the clock moved past the subscription");

        await manager.Notify(o => o.OnMessage("late"));

        Assert.Equal(0, manager.Count);
        Assert.Empty(inbox.Messages);
    }

    sealed class Inbox : IChatObserver
    {
        readonly ConcurrentQueue<string> messages = new();

        public IReadOnlyList<string> Messages => [.. messages];

        public Task OnMessage(string text)
        {
            messages.Enqueue(text);
            return Task.CompletedTask;
        }
    }
}
