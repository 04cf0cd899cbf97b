using BigDL.Orleans.Membership;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Cluster;

/// <summary>The receiving half of the router: grain calls from silos and clients, directory calls from silos, the manifest for clients.</summary>
internal sealed partial class ClusterRouter
{
    ValueTask HandleAsync(Message message, Connection connection)
    {
        switch (message.Kind)
        {
            case MessageKind.Request or MessageKind.OneWayRequest:
                InboundCalls.Receive(runtime, message, connection, unavailable: runtime.IsStopped || (Draining && message.Target.Type != ObserverRegistry.ObserverGrainType), cancellations);
                break;
            case MessageKind.Cancel:
                cancellations.Cancel(connection, message.CorrelationId);
                break;
            case MessageKind.SystemRequest:
                HandleSystem(message, connection);
                break;
            default:
                connection.TrySend(message.CreateRejection($"Silo {self} does not serve {message.Kind} messages."));
                break;
        }

        return ValueTask.CompletedTask;
    }

    void HandleSystem(Message message, Connection connection)
    {
        try
        {
            var fromSilo = connection.Peer.Role == PeerRole.Silo;
            if (fromSilo && message.Interface == SystemCalls.Directory && SystemCalls.IsEntryOperation(message.Method))
            {
                _ = AnswerDirectoryAsync(message, connection); // may wait for the range's recovery, or for the owner
                return;
            }

            var serializer = runtime.Serializer;
            byte[] result = (message.Interface, message.Method, fromSilo) switch
            {
                (SystemCalls.Directory, SystemCalls.Held, true) => serializer.SerializeToArray(Held(serializer.Deserialize<string[]>(message.Body.Span), message.SenderSilo)),
                (SystemCalls.Silo, SystemCalls.Statistics, true) => serializer.SerializeToArray(runtime.Statistics(self)),
                (SystemCalls.Silo, SystemCalls.Manifest, _) => serializer.SerializeToArray(runtime.Types.Manifest()),
                (SystemCalls.Silo, SystemCalls.Gateways, _) => serializer.SerializeToArray(Gateways()),
                _ => throw new MessageRejectedException($"Silo {self} has no system call {message.Interface}.{message.Method} for a {connection.Peer.Role}."),
            };
            connection.TrySend(message.CreateResponse(ResponseStatus.Ok, result));
        }
        catch (Exception e) when (e is MessageRejectedException or GrainSerializationException or FormatException or GrainInterfaceException or InvalidOperationException)
        {
            LogSystemRequestFailed(message.Method, connection.Peer.Identity, e.Message);
            connection.TrySend(message.CreateRejection(e.Message));
        }
    }

    /// <summary>Lists the gateways of active silos as <c>host:port</c>, for clients to fail over to.</summary>
    IReadOnlyList<string> Gateways() =>
        [.. membership.Members.Values.Where(e => e.Status == SiloStatus.Active && e.GatewayPort > 0).Select(e => $"{e.SiloAddress.Host}:{e.GatewayPort}")];

    DirectoryMessage Read(Message message) => runtime.Serializer.Deserialize<DirectoryMessage>(message.Body.Span);

    DirectoryMessage Lookup(DirectoryMessage request) =>
        LookupLocal(request.GrainId, SiloAddress.TryParse(request.Silo, out var requester) ? requester : Self);

    DirectoryMessage Unregister(DirectoryMessage address)
    {
        partition.Unregister(ToAddress(address));
        return address;
    }

    void OnClientChanged(string clientId, bool connected)
    {
        if (connected)
        {
            _ = RegisterClientAsync(clientId);
        }
        else
        {
            UnregisterActivation(ObserverRegistry.ClientGrainId(clientId), Guid.Empty);
        }
    }

    async Task RegisterClientAsync(string clientId)
    {
        try
        {
            await RegisterActivationAsync(ObserverRegistry.ClientGrainId(clientId), Guid.Empty);
        }
        catch (Exception e) when (e is SiloUnavailableException or MessageRejectedException)
        {
            LogReRegisterFailed(ObserverRegistry.ClientGrainId(clientId), e.Message);
        }
    }
}
