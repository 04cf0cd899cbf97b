using BigDL.Orleans.Runtime;
using BigDL.Orleans.Timers;

namespace BigDL.Orleans;

/// <summary>The base class of grain implementations: identity, lifecycle hooks, timers, reminders and deactivation.</summary>
/// <remarks>
/// The runtime creates the grain on its first call and runs <see cref="OnActivateAsync"/> before any request.
/// Requests run one turn at a time: awaits inside a method resume on the grain's own scheduler, so grain fields
/// need no locks. Use <c>ConfigureAwait(false)</c> only for work that does not touch grain state.
/// </remarks>
public abstract class Grain : IAddressable
{
    readonly ActivationData activation;

    /// <summary>Binds the grain to the activation the runtime is constructing.</summary>
    /// <exception cref="InvalidOperationException">The grain was constructed with <c>new</c> rather than by the runtime.</exception>
    protected Grain()
    {
        activation = ActivationData.Constructing
            ?? throw new InvalidOperationException(
                $"{GetType().Name} was created with 'new'. Grains are created by the runtime: call IGrainFactory.GetGrain<T>(key) and call the returned reference.");
    }

    /// <summary>Gets the grain's identity.</summary>
    public GrainId GrainId => activation.GrainId;

    /// <summary>Gets a string that names this activation in logs.</summary>
    public string IdentityString => activation.ToString();

    /// <summary>Gets the factory for references to other grains.</summary>
    /// <summary>Gets the identity of the silo running this activation (<c>host:port@generation</c> in a cluster, <c>local</c> on a lone silo).</summary>
    public string RuntimeIdentity => activation.Runtime.ObserverHome ?? "local";

    protected IGrainFactory GrainFactory => activation.Runtime.GrainFactory;

    /// <summary>Gets the silo's services.</summary>
    protected IServiceProvider ServiceProvider => activation.Runtime.Services;

    internal ActivationData Activation => activation;

    /// <summary>Runs after state is loaded and before the first request; an exception fails the activation and the waiting calls.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before the activation is removed: on <see cref="DeactivateOnIdle"/>, idle collection or silo shutdown.</summary>
    /// <remarks>State is not written automatically; write it here if it must survive.</remarks>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request completes; the next call activates a new one.</summary>
    protected void DeactivateOnIdle() =>
        activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => activation.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose ticks run as turns of this grain and never overlap a turn or each other.</summary>
    /// <param name="callback">The tick; the token is cancelled when the timer is disposed or the grain deactivates.</param>
    /// <param name="dueTime">When the first tick runs.</param>
    /// <param name="period">Time from the end of one tick to the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers a timer with explicit options (interleaving, keep-alive).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return activation.RegisterTimer(callback, options);
    }

    /// <summary>Registers a timer that passes <paramref name="state"/> to each tick.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return activation.RegisterTimer(ct => callback(state, ct), options);
    }

    /// <summary>Registers or updates a durable reminder; the grain must implement <see cref="Reminders.IRemindable"/>.</summary>
    /// <remarks>Reminders outlive activations and silo restarts: a tick activates the grain if needed.</remarks>
    protected Task<Reminders.IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        activation.Runtime.Reminders.RegisterOrUpdateReminder(this, reminderName, dueTime, period);

    /// <summary>Removes a reminder registered by this grain.</summary>
    protected Task UnregisterReminder(Reminders.IGrainReminder reminder) =>
        activation.Runtime.Reminders.UnregisterReminder(GrainId, reminder);

    /// <summary>Returns this grain's reminder named <paramref name="reminderName"/>, or null.</summary>
    protected Task<Reminders.IGrainReminder?> GetReminder(string reminderName) =>
        activation.Runtime.Reminders.GetReminder(GrainId, reminderName);

    /// <summary>Returns all of this grain's reminders.</summary>
    protected Task<IReadOnlyList<Reminders.IGrainReminder>> GetReminders() =>
        activation.Runtime.Reminders.GetReminders(GrainId);
}
