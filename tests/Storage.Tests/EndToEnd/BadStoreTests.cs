using System.Net;
using System.Net.Sockets;

namespace BigDL.Storage.Tests.EndToEnd;

/// <summary>A silo given a store it cannot use fails to start with one line naming the store, never its password.</summary>
public sealed class BadStoreTests
{
    [Fact]
    public async Task A_silo_on_an_unreachable_postgresql_server_fails_to_start_naming_host_and_port_without_the_password()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            Silos.StartSiloAsync($"Host=127.0.0.1;Port={port};Database=bigdl;Username=alice;Password=hunter2;Timeout=3", "unreachable", "never"));

        var store = FindStoreException(error);
        Assert.NotNull(store);
        Assert.Contains($"127.0.0.1:{port}", store.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', store.Message);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    static StoreException? FindStoreException(Exception? error) => error switch
    {
        null => null,
        StoreException store => store,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindStoreException).FirstOrDefault(e => e is not null),
        _ => FindStoreException(error.InnerException),
    };
}
