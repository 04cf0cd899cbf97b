using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace BigDL.Grains.Tests;

/// <summary>The service in a user's own Orleans silo: built as Orleans' docs build one, plus the one <c>AddBigDL</c> call.</summary>
public sealed class UserSiloTests
{
    [Fact]
    public async Task A_plain_Orleans_silo_hosts_the_service_with_one_call_and_a_client_runs_an_experiment_through_its_gateway()
    {
        var ports = FreePorts.Take(2);
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        siloBuilder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: "user-service", clusterId: "user-cluster")
            .AddMemoryGrainStorageAsDefault()
            .UseInMemoryReminderService()
            .AddBigDL());
        using var silo = siloBuilder.Build();
        await silo.StartAsync();
        try
        {
            var clientBuilder = Host.CreateApplicationBuilder();
            clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
            clientBuilder.UseOrleansClient(client => client
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, ports[1]))
                .Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ServiceId = "user-service";
                    o.ClusterId = "user-cluster";
                })
                .AddBigDL());
            using var clientHost = clientBuilder.Build();
            await clientHost.StartAsync();
            try
            {
                var client = clientHost.Services.GetRequiredService<IClusterClient>();
                var experiment = client.GetGrain<IExperimentGrain>("user-silo-study");
                await experiment.Start(Specs.TinyMlp("user-silo-study", trials: 2));

                var status = await Eventually.MatchesAsync(experiment.GetStatus, s => s.IsFinished, "the experiment finished");

                Assert.Equal(ExperimentPhase.Completed, status.Phase);
                Assert.Equal(2, status.Complete);
                var best = await experiment.GetBestTrial();
                Assert.NotNull(best);
                Assert.InRange(best.Value!.Value, 0.0, 1.0);
                var model = await client.GetGrain<IModelRegistryGrain>("user-silo-study").Get();
                Assert.NotNull(model);
                Assert.NotEmpty(model.Safetensors.Value);
            }
            finally
            {
                await clientHost.StopAsync();
            }
        }
        finally
        {
            await silo.StopAsync();
        }
    }
}
