using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Runtime;

/// <summary>One grain call: the arguments, the caller's chain and deadline, and the completion the caller awaits.</summary>
/// <remarks>
/// The request is its own TaskCompletionSource to save an allocation per call. Continuations run asynchronously so
/// that completing a call never runs the caller's code inside the callee's turn.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "The callee's CancellationTokenSource has no timer or linked registration to release; the grain may still hold its token after the call completes.")]
internal sealed class Request<TResult> : TaskCompletionSource<TResult>, IRemoteRequest
{
    readonly GrainMethod<TResult> method;
    readonly GrainRuntime runtime;
    readonly GrainId target;
    readonly object?[] args;
    readonly long deadline;
    readonly CancellationTokenSource? callee;
    CancellationTokenRegistration callerRegistration;
    CallChain? outgoing;
    bool isolated;

    public Request(GrainMethod<TResult> method, GrainRuntime runtime, GrainId target, object?[] args)
        : this(method, runtime, target, args, RequestContext.Current?.OutgoingChain,
            Environment.TickCount64 + (long)(method.Timeout ?? runtime.ResponseTimeout).TotalMilliseconds, copyArguments: true)
    {
    }

    /// <summary>Creates a request with an explicit chain and deadline: a call that arrived from another process.</summary>
    public Request(GrainMethod<TResult> method, GrainRuntime runtime, GrainId target, object?[] args, CallChain? chain, long deadlineTicks, bool copyArguments)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        this.method = method;
        this.runtime = runtime;
        this.target = target;
        this.args = args;
        Chain = chain;
        deadline = deadlineTicks;

        // Isolation: the caller may mutate its objects after the call, so the grain needs its own copies. The copy is
        // made by Isolate, on the paths that keep the call (a local activation's queue, an awaited directory lookup),
        // not here: a call serialized for another silo at once is isolated by its bytes, and a 4 MB array copied for
        // nothing halves the throughput of large remote arguments.
        isolated = !copyArguments || !method.ArgumentsNeedCopy;

        if (method.CancellationTokenIndex >= 0)
        {
            // The grain gets a token of its own: cancelled when the caller cancels or when the call times out.
            var callerToken = (CancellationToken)args[method.CancellationTokenIndex]!; // a CancellationToken parameter is never null
            callee = new CancellationTokenSource();
            args[method.CancellationTokenIndex] = callee.Token;
            if (callerToken.CanBeCanceled)
            {
                callerRegistration = callerToken.UnsafeRegister(static (state, token) => ((Request<TResult>)state!).OnCallerCancelled(token), this);
            }
        }
    }

    public bool Interleaves => method.AlwaysInterleave;

    public void Isolate()
    {
        if (!isolated)
        {
            isolated = true;
            runtime.Copier.CopyArguments(args); // an object passed as two arguments stays one object, as across silos
        }
    }

    public GrainMethod Method => method;

    public object?[] Arguments => args;

    public long DeadlineTicks => deadline;

    public int Hops { get; set; }

    public CancellationToken CalleeCancellation => callee?.Token ?? CancellationToken.None;

    public CallChain? Chain { get; }

    public bool IsAbandoned => Task.IsCompleted;

    public bool KeepsAlive => true;

    public ActivationData? Activation { get; private set; }

    public CallChain OutgoingChain => outgoing ??= new CallChain(Activation!, Chain); // only read inside the running turn, after Start set Activation

    public void Start(ActivationData activation)
    {
        Activation = activation;
        _ = RunAsync(activation); // RunAsync handles every exception itself
    }

    public void Reject(Exception exception)
    {
        if (method.OneWay && !Task.IsCompleted)
        {
            runtime.Log.OneWayCallFailed(exception, method.Name, target);
        }

        TrySetException(exception);
        callerRegistration.Dispose();
    }

    public bool CheckTimeout(long nowMilliseconds)
    {
        if (Task.IsCompleted || nowMilliseconds < deadline)
        {
            return false;
        }

        var timeout = method.Timeout ?? runtime.ResponseTimeout;
        var where = Activation is null ? "waiting for its turn" : "running";
        TrySetException(new TimeoutException(
            $"Response did not arrive on time in {timeout} for {method.Name} on {target} (the request was {where}). " +
            $"A long turn blocks a non-reentrant grain: shorten it, mark the method [AlwaysInterleave], " +
            $"or raise the limit with [ResponseTimeout] on the method or the silo's ResponseTimeout option."));
        CancelCallee();
        return true;
    }

    public void OnResponse(Message response, BinarySerializer serializer)
    {
        try
        {
            switch (response.Status)
            {
                case ResponseStatus.Ok:
                    TrySetResult(response.Body.IsEmpty ? default! : serializer.Deserialize<TResult>(response.Body.Span));
                    break;
                case ResponseStatus.Exception:
                    var error = serializer.Deserialize<Exception>(response.Body.Span);
                    if (error is OperationCanceledException)
                    {
                        TrySetCanceled();
                    }
                    else
                    {
                        TrySetException(error);
                    }

                    break;
                default:
                    TrySetException(new MessageRejectedException($"{method.Name} on {target} was refused by {response.SenderSilo}: {response.RejectionReason}"));
                    break;
            }
        }
        catch (GrainSerializationException e)
        {
            TrySetException(e);
        }
        finally
        {
            response.BodyOwner?.Dispose();
            callerRegistration.Dispose();
        }
    }

    async Task RunAsync(ActivationData activation)
    {
        RequestContext.Current = this; // flows through every await of this turn, and is undone when RunAsync first yields
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            var result = await method.Invoke(activation.GrainInstance!, args); // Start runs only on a valid activation, which has an instance
            if (method.ResultNeedsCopy)
            {
                result = (TResult)runtime.Copier.Copy(result)!;
            }

            TrySetResult(result);
        }
        catch (Exception exception)
        {
            failed = true;
            if (method.OneWay)
            {
                runtime.Log.OneWayCallFailed(exception, method.Name, target);
            }

            if (exception is OperationCanceledException oce && callee is { IsCancellationRequested: true })
            {
                TrySetCanceled(oce.CancellationToken);
            }
            else
            {
                TrySetException(exception);
            }
        }
        finally
        {
            callerRegistration.Dispose();
            runtime.Metrics.RecordCall(method.Name, started, failed);
            activation.OnWorkCompleted(this);
        }
    }

    void OnCallerCancelled(CancellationToken token)
    {
        if (TrySetCanceled(token))
        {
            CancelCallee();
        }
    }

    void CancelCallee()
    {
        try
        {
            callee?.Cancel();
        }
        catch (AggregateException e)
        {
            runtime.Log.CancellationCallbackFailed(e, method.Name, target);
        }
    }
}
