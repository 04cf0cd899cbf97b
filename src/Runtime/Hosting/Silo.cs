using BigDL.Orleans.Reminders;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Hosting;

/// <summary>The silo's lifetime in the host: prepares storage, starts reminders and housekeeping, and deactivates every grain on stop.</summary>
internal sealed partial class Silo(
    GrainRuntime runtime,
    ActivationMaintenance maintenance,
    ReminderService reminders,
    ClusterClient client,
    IEnumerable<IStorageInitializer> storageInitializers,
    IOptions<SiloOptions> options,
    Cluster.ClusterMembership membership,
    IServiceProvider services,
    ILoggerFactory loggers,
    ILogger<Silo> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var siloOptions = options.Value;
        LogStarting(siloOptions.SiloName, siloOptions.ClusterId, StorageConnection.Detect(siloOptions.Storage).ToString(), runtime.Types.Classes.Count());
        foreach (var initializer in storageInitializers)
        {
            await initializer.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (siloOptions.IsClustered)
        {
            var lifetime = services.GetService<IHostApplicationLifetime>();
            membership.Cluster = await Cluster.SiloCluster.StartAsync(
                runtime, reminders, services.GetRequiredService<Membership.IMembershipTable>(), siloOptions, loggers,
                () =>
                {
                    // Declared dead by the others: they have moved its grains, so it must not serve any more.
                    runtime.Stop("This silo was declared dead by the cluster and stopped serving.");
                    lifetime?.StopApplication();
                    return Task.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
        }

        maintenance.Start();
        await reminders.StartAsync(cancellationToken).ConfigureAwait(false);
        LogStarted(siloOptions.SiloName);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await reminders.DisposeAsync().ConfigureAwait(false);
        if (membership.Cluster is { } draining)
        {
            // Callers are sent elsewhere from now on; the grains below deactivate (saving state) before the silo leaves.
            draining.Router.Draining = true;
        }

        runtime.Catalog.Close("the silo is stopping.");
        await DeactivateAllAsync(cancellationToken).ConfigureAwait(false);

        if (membership.Cluster is { } cluster)
        {
            try
            {
                await cluster.LeaveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLeaveFailed(e.Message);
            }
        }

        runtime.Stop("The silo stopped; grain calls through it are no longer possible. Start the host again, or keep it running while you use its client.");
        if (membership.Cluster is { } joined)
        {
            await joined.DisposeAsync().ConfigureAwait(false);
        }

        client.Dispose();
        await maintenance.DisposeAsync().ConfigureAwait(false);
        LogStopped(options.Value.SiloName);
    }

    /// <summary>Deactivates every grain activation, in waves until none is left or the deactivation timeout passes.</summary>
    async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping.");
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var first = true;
        while (true)
        {
            // A second wave finds an activation that was created while the catalog closed (it raced the Close).
            var activations = runtime.Catalog.Snapshot().Where(a => a.ClassInfo is not null && !a.Deactivated.IsCompleted).ToList();
            if (activations.Count == 0)
            {
                return;
            }

            if (first)
            {
                runtime.Log.DeactivatingAll(activations.Count);
                first = false;
            }

            foreach (var activation in activations)
            {
                activation.RequestDeactivation(reason);
            }

            var left = runtime.DeactivationTimeout - deadline.Elapsed;
            try
            {
                await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                LogDeactivationIncomplete(activations.Count(a => !a.Deactivated.IsCompleted));
                return;
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Silo {SiloName} of cluster {ClusterId} starting with {Storage}, hosting {GrainClassCount} grain classes")]
    partial void LogStarting(string siloName, string clusterId, string storage, int grainClassCount);

    [LoggerMessage(2, LogLevel.Information, "Silo {SiloName} started")]
    partial void LogStarted(string siloName);

    [LoggerMessage(3, LogLevel.Warning, "{Count} activations did not finish deactivating in time; stopping anyway")]
    partial void LogDeactivationIncomplete(int count);

    [LoggerMessage(5, LogLevel.Warning, "Leaving the cluster failed ({Reason}); the others will declare this silo dead by probing")]
    partial void LogLeaveFailed(string reason);

    [LoggerMessage(4, LogLevel.Information, "Silo {SiloName} stopped")]
    partial void LogStopped(string siloName);
}
