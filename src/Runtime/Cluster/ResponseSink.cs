using BigDL.Orleans.Runtime;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Cluster;

/// <summary>Sends the outcome of a call that arrived on <paramref name="connection"/> back as the response to <paramref name="request"/>.</summary>
internal sealed class ResponseSink(Message request, Connection connection, BinarySerializer serializer, IDisposable? cancellation = null) : IResponseSink
{
    public void Complete<TResult>(Task<TResult> call)
    {
        cancellation?.Dispose(); // the call is over: a late Cancel from the caller has nothing left to cancel
        var body = new PooledBufferWriter();
        var status = ResponseStatus.Ok;
        try
        {
            if (call.IsCompletedSuccessfully)
            {
                serializer.Serialize(call.Result, body);
            }
            else
            {
                status = ResponseStatus.Exception;
                Exception error = call.IsCanceled
                    ? new OperationCanceledException("The call was cancelled.")
                    : call.Exception!.InnerExceptions.Count == 1 ? call.Exception.InnerException! : call.Exception;
                serializer.Serialize(error, body);
            }
        }
        catch (GrainSerializationException e)
        {
            // The result (or exception) cannot travel; the caller learns why instead of waiting for a timeout.
            body.Dispose();
            body = new PooledBufferWriter();
            status = ResponseStatus.Exception;
            serializer.Serialize<Exception>(new GrainSerializationException($"The result of {request.Interface}.{request.Method} cannot be sent back: {e.Message}"), body);
        }

        connection.TrySend(request.CreateResponse(status, body.WrittenMemory, body));
    }
}
