using System.Linq.Expressions;
using System.Reflection;
using BigDL.Orleans.Concurrency;

namespace BigDL.Orleans.Runtime;

/// <summary>What the runtime knows about one grain interface method: how to invoke it and how to treat its calls.</summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo method, bool argumentsNeedCopy, bool resultNeedsCopy)
    {
        Method = method;
        Name = $"{method.DeclaringType!.Name}.{method.Name}"; // interface methods always have a declaring type
        OneWay = method.IsDefined(typeof(OneWayAttribute));
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute));
        Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;
        CancellationTokenIndex = Array.FindIndex(method.GetParameters(), p => p.ParameterType == typeof(CancellationToken));
        ArgumentsNeedCopy = argumentsNeedCopy;
        ResultNeedsCopy = resultNeedsCopy;
        ParameterTypes = [.. method.GetParameters().Select(p => p.ParameterType)];
        InterfaceKey = InterfaceKeyOf(method.DeclaringType!);
        MethodKey = $"{method.Name}({string.Join(",", ParameterTypes.Select(Serialization.TypeNames.Format))})";
    }

    /// <summary>Gets the declared parameter types, for serializing arguments.</summary>
    public Type[] ParameterTypes { get; }

    /// <summary>Gets the interface's name on the wire: full name and assembly, so the other side loads the same type.</summary>
    public string InterfaceKey { get; }

    /// <summary>Gets the method's name on the wire: name and parameter types, so overloads stay apart.</summary>
    public string MethodKey { get; }

    /// <summary>Returns the wire name of a grain or observer interface.</summary>
    public static string InterfaceKeyOf(Type grainInterface) => $"{grainInterface.FullName},{grainInterface.Assembly.GetName().Name}";

    public MethodInfo Method { get; }

    /// <summary>Gets <c>Interface.Method</c>, for messages.</summary>
    public string Name { get; }

    public bool OneWay { get; }

    public bool AlwaysInterleave { get; }

    /// <summary>Gets the method's own response timeout, or null for the silo default.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Gets the index of the <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    public bool ArgumentsNeedCopy { get; }

    public bool ResultNeedsCopy { get; }

    /// <summary>Sends a call and returns what the interface method returns (a Task or ValueTask, boxed).</summary>
    public abstract object Send(GrainRuntime runtime, GrainReference target, object?[] args);

    /// <summary>Runs a call that arrived from another process; <paramref name="sink"/> (null for one-way calls) gets its outcome.</summary>
    /// <remarks>
    /// <paramref name="placedHere"/>: another silo sent the call here because the directory (or its cache of it) put
    /// the grain on this silo, so it runs here; routing it again from a view that may disagree could send it in a circle.
    /// </remarks>
    public abstract void Receive(GrainRuntime runtime, GrainId target, object?[] args, CallChain? chain, long deadlineTicks, IResponseSink? sink, bool placedHere);

    /// <summary>Checks <paramref name="method"/> and builds its descriptor.</summary>
    /// <exception cref="GrainInterfaceException">The method cannot be a grain method; the message says what to change.</exception>
    public static GrainMethod Create(MethodInfo method, Func<Type, bool> isShallowCopyable)
    {
        Validate(method);
        var parameters = method.GetParameters();
        var argumentsNeedCopy = parameters.Any(p => !isShallowCopyable(p.ParameterType));
        var returnType = method.ReturnType;
        var resultType = returnType.IsGenericType ? returnType.GetGenericArguments()[0] : typeof(object);
        var resultNeedsCopy = returnType.IsGenericType && !isShallowCopyable(resultType);
        var descriptorType = typeof(GrainMethod<>).MakeGenericType(resultType);
        return (GrainMethod)Activator.CreateInstance(
            descriptorType, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, binder: null,
            [method, argumentsNeedCopy, resultNeedsCopy], culture: null)!; // the constructor exists: GrainMethod<T>(MethodInfo, bool, bool)
    }

    static void Validate(MethodInfo method)
    {
        var where = $"{method.DeclaringType?.FullName}.{method.Name}";
        var returnType = method.ReturnType;
        var isAsync = returnType == typeof(Task) || returnType == typeof(ValueTask)
            || (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)));
        if (!isAsync)
        {
            var suggestion = returnType == typeof(void) ? "Task" : $"Task<{returnType.Name}>";
            throw new GrainInterfaceException(
                $"Grain interface method {where} returns {returnType.Name}. Grain calls are asynchronous: " +
                $"declare it to return Task, Task<T>, ValueTask or ValueTask<T> (here: {suggestion}).");
        }

        if (method.IsGenericMethodDefinition)
        {
            throw new GrainInterfaceException($"Grain interface method {where} is generic; make the interface generic instead, or pass a type-tagged argument.");
        }

        foreach (var p in method.GetParameters())
        {
            if (p.ParameterType.IsByRef)
            {
                throw new GrainInterfaceException($"Parameter '{p.Name}' of {where} is passed by reference; grain calls copy arguments, so return the value instead.");
            }
        }

        if (method.IsDefined(typeof(OneWayAttribute)) && returnType.IsGenericType)
        {
            throw new GrainInterfaceException($"{where} is [OneWay] but returns a result; a one-way call returns Task or ValueTask.");
        }
    }
}

/// <summary>A grain method whose awaited result is <typeparamref name="TResult"/> (object for methods without a result).</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    readonly ReturnKind kind;

    public GrainMethod(MethodInfo method, bool argumentsNeedCopy, bool resultNeedsCopy)
        : base(method, argumentsNeedCopy, resultNeedsCopy)
    {
        kind = KindOf(method.ReturnType);
        Invoke = CompileInvoker(method, kind);
    }

    enum ReturnKind { Task, TaskOfT, ValueTask, ValueTaskOfT }

    /// <summary>Calls the method on a grain instance with the given arguments.</summary>
    public Func<object, object?[], ValueTask<TResult>> Invoke { get; }

    public override object Send(GrainRuntime runtime, GrainReference target, object?[] args)
    {
        var request = new Request<TResult>(this, runtime, target.GrainId, args);
        runtime.Dispatch(request, target.GrainId);
        if (OneWay)
        {
            return kind == ReturnKind.Task ? Task.CompletedTask : ValueTask.CompletedTask;
        }

        return kind switch
        {
            ReturnKind.ValueTaskOfT => new ValueTask<TResult>(request.Task),
            ReturnKind.ValueTask => new ValueTask(request.Task),
            _ => request.Task, // Task<TResult> is also the Task a non-generic Task method returns
        };
    }

    public override void Receive(GrainRuntime runtime, GrainId target, object?[] args, CallChain? chain, long deadlineTicks, IResponseSink? sink, bool placedHere)
    {
        var request = new Request<TResult>(this, runtime, target, args, chain, deadlineTicks, copyArguments: false);
        if (placedHere)
        {
            runtime.DispatchLocal(request, target);
        }
        else
        {
            runtime.Dispatch(request, target);
        }

        if (sink is not null)
        {
            request.Task.ContinueWith(
                static (task, state) => ((IResponseSink)state!).Complete(task), sink, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    static ReturnKind KindOf(Type returnType) =>
        returnType == typeof(Task) ? ReturnKind.Task
        : returnType == typeof(ValueTask) ? ReturnKind.ValueTask
        : returnType.GetGenericTypeDefinition() == typeof(Task<>) ? ReturnKind.TaskOfT
        : ReturnKind.ValueTaskOfT;

    static Func<object, object?[], ValueTask<TResult>> CompileInvoker(MethodInfo method, ReturnKind kind)
    {
        // (grain, args) => Adapt(((IFoo)grain).Bar((T0)args[0], ...)): compiled once per method, no reflection per call.
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var arguments = method.GetParameters().Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, arguments);
        call = kind switch
        {
            ReturnKind.TaskOfT => Expression.New(typeof(ValueTask<TResult>).GetConstructor([typeof(Task<TResult>)])!, call),
            ReturnKind.Task => Expression.Call(typeof(GrainMethod<TResult>).GetMethod(nameof(FromTask), BindingFlags.Static | BindingFlags.NonPublic)!, call),
            ReturnKind.ValueTask => Expression.Call(typeof(GrainMethod<TResult>).GetMethod(nameof(FromValueTask), BindingFlags.Static | BindingFlags.NonPublic)!, call),
            _ => call,
        };
        return Expression.Lambda<Func<object, object?[], ValueTask<TResult>>>(call, grain, args).Compile();
    }

    static ValueTask<TResult> FromTask(Task task) =>
        task.IsCompletedSuccessfully ? default : Await(task);

    static ValueTask<TResult> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : Await(task.AsTask());

    static async ValueTask<TResult> Await(Task task)
    {
        await task;
        return default!; // methods without a result complete their caller's Task<object> with null
    }
}
