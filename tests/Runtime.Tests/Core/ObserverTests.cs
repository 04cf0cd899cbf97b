using System.Collections.Concurrent;
using BigDL.Orleans.Runtime.Tests.Grains;

namespace BigDL.Orleans.Runtime.Tests.Core;

public sealed class ObserverTests : IAsyncLifetime
{
    TestSilo silo = null!;

    public async Task InitializeAsync() => silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Observer_pushes_from_a_grain_arrive_at_the_client_in_order()
    {
        var received = new Receiver();
        var reference = silo.Client.CreateObjectReference<IChatObserver>(received);
        var room = silo.Client.GetGrain<IChatRoomGrain>(Guid.NewGuid().ToString("N"));
        await room.Subscribe(reference);

        await room.Publish("epoch 1");
        await room.Publish("epoch 2");

        Assert.Equal(["epoch 1", "epoch 2"], received.Messages);
    }

    [Fact]
    public async Task Pushes_to_a_deleted_observer_fail_with_a_message_that_says_it_is_gone()
    {
        var received = new Receiver();
        var reference = silo.Client.CreateObjectReference<IChatObserver>(received);
        var room = silo.Client.GetGrain<IChatRoomGrain>(Guid.NewGuid().ToString("N"));
        await room.Subscribe(reference);

        silo.Client.DeleteObjectReference<IChatObserver>(received);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => room.Publish("late"));

        Assert.Contains("no longer exists", error.Message);
        Assert.Empty(received.Messages);
    }

    sealed class Receiver : IChatObserver
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
