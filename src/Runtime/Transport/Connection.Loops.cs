using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Transport;

/// <content>The read loop, the writer loop, and the connection's log messages.</content>
internal sealed partial class Connection
{
    async Task ReadLoopAsync()
    {
        var reason = CloseReason.PeerClosed;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                Volatile.Write(ref lastReceivedTicks, Environment.TickCount64);
                if (IsLargeFrameInProgress(buffer, out var largeLength))
                {
                    await DispatchAsync(await ReadLargeFrameAsync(buffer, largeLength));
                    continue; // ReadLargeFrameAsync consumed the buffer
                }

                while (codec.TryRead(ref buffer, out var message))
                {
                    // Non-null: TryRead returned true.
                    await DispatchAsync(message!);
                    if (IsLargeFrameInProgress(buffer, out largeLength))
                    {
                        break; // handled on the next turn, straight from the socket
                    }
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        reason = CloseReason.ProtocolViolation;
                        error = new ProtocolException($"The peer closed the connection in the middle of a frame ({buffer.Length} bytes left over).");
                    }

                    break;
                }

                // Everything was examined: wait for more bytes rather than spinning on a partial frame.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (ProtocolException e)
        {
            reason = CloseReason.ProtocolViolation;
            error = e;
            Log.ProtocolViolation(logger, Id, Peer.Identity, RemoteEndPoint, e.Message);
        }
        catch (Exception e)
        {
            // Mostly IOException/SocketException from a dying peer, ObjectDisposedException after Abort; anything else
            // must still close the connection, or calls waiting on it would never learn it is gone.
            reason = CloseReason.SocketError;
            error = e;
        }

        Abort(reason, error);
    }

    bool IsLargeFrameInProgress(ReadOnlySequence<byte> buffer, out int length) =>
        MessageCodec.TryReadLength(buffer, options.MaxFrameBytes, out length) && length >= DirectIoBytes && buffer.Length < MessageCodec.LengthPrefixBytes + length;

    /// <summary>
    /// Reads a big frame into one pooled array: what the pipe holds is copied, the rest is read from the socket straight
    /// into place, and the body is a slice of that array; one copy per byte instead of three (socket→pipe→array).
    /// </summary>
    async ValueTask<Message> ReadLargeFrameAsync(ReadOnlySequence<byte> buffer, int length)
    {
        var frame = new PooledBuffer(length);
        try
        {
            var buffered = buffer.Slice(MessageCodec.LengthPrefixBytes);
            buffered.CopyTo(frame.Array);
            var have = (int)buffered.Length;

            // Everything the pipe held is consumed, and a StreamPipeReader touches the stream only inside ReadAsync,
            // so reading the stream directly here cannot interleave with it.
            reader.AdvanceTo(buffer.End);
            while (have < length)
            {
                var read = await stream.ReadAsync(frame.Array.AsMemory(have, length - have));
                if (read == 0)
                {
                    throw new ProtocolException($"The peer closed the connection in the middle of a {length}-byte frame.");
                }

                have += read;
                Volatile.Write(ref lastReceivedTicks, Environment.TickCount64);
            }

            return codec.ParseOwned(frame, length);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    async ValueTask DispatchAsync(Message message)
    {
        if (message.Kind == MessageKind.KeepAlive)
        {
            return;
        }

        try
        {
            // Non-null: the loops start only after Start set the handler.
            await handler!(message, this);
        }
        catch (Exception e)
        {
            // A handler bug must not take the connection, and every call on it, down with one message.
            Log.HandlerFailed(logger, e, Id, message.Kind, message.Interface, message.Method);
        }
    }

    async Task WriteLoopAsync()
    {
        var messages = queue.Reader;
        try
        {
            while (await messages.WaitToReadAsync())
            {
                while (messages.TryRead(out var item))
                {
                    var (message, frameBytes) = item;
                    if (message.Body.Length >= DirectIoBytes)
                    {
                        await WriteLargeAsync(message, frameBytes);
                    }
                    else
                    {
                        MessageCodec.Write(writer, message, frameBytes);
                        message.BodyOwner?.Dispose();
                        if (writer.UnflushedBytes >= options.MaxUnflushedBytes)
                        {
                            await writer.FlushAsync();
                        }
                    }
                }

                // One flush per batch: under load many frames share it; a lone message is flushed at once.
                await writer.FlushAsync();
                Interlocked.Increment(ref batches);
                Volatile.Write(ref lastSentTicks, Environment.TickCount64);
            }
        }
        catch (Exception e)
        {
            // The socket failed or was closed under the loop; either way the connection is over.
            Abort(CloseReason.SocketError, e);
        }
    }

    async ValueTask WriteLargeAsync(Message message, int frameBytes)
    {
        // The header (with whatever small frames came before it) goes through the pipe; the body straight to the socket.
        MessageCodec.WriteHeader(writer, message, frameBytes);
        await writer.FlushAsync();
        await stream.WriteAsync(message.Body);
        message.BodyOwner?.Dispose();
    }

    static partial class Log
    {
        [LoggerMessage(101, LogLevel.Warning, "Transport handshake with {RemoteEndPoint} failed: {Reason}; connection dropped")]
        public static partial void HandshakeFailed(ILogger logger, EndPoint? remoteEndPoint, string reason);

        [LoggerMessage(102, LogLevel.Warning, "Connection #{Id} from '{Peer}' at {RemoteEndPoint} broke the protocol: {Reason}; connection dropped")]
        public static partial void ProtocolViolation(ILogger logger, long id, string? peer, EndPoint? remoteEndPoint, string reason);

        [LoggerMessage(103, LogLevel.Error, "The message handler threw on connection #{Id} for {Kind} {Interface}.{Method}; the connection keeps serving")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, long id, MessageKind kind, string @interface, string method);

        [LoggerMessage(104, LogLevel.Information, "Connection #{Id} to '{Peer}' at {RemoteEndPoint} closed: {Reason} {Error}")]
        public static partial void Closed(ILogger logger, long id, string? peer, EndPoint? remoteEndPoint, CloseReason reason, string? error);
    }
}
