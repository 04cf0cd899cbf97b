using System.CommandLine;
using BigDL.Silo.Commands.Cli;
using BigDL.Silo.Commands.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace BigDL.Silo.Commands.Dashboard;

/// <summary><c>bigdl dashboard --gateway host:port</c>: serves the dashboard for a remote cluster through a gateway client.</summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var dashboard = new DashboardFlags();
        var gateway = new GatewayFlags();
        var command = new Command(
            "dashboard",
            "Serve the web dashboard for a running cluster, reached through its gateway (every silo also serves one itself), until Ctrl+C.");
        dashboard.AddTo(command);
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var endpoint = dashboard.Read(result);
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var builder = DashboardHost.CreateBuilder(endpoint);
            builder.Services.AddSingleton<IClusterClient>(client);
            await using var app = DashboardHost.Build(builder);
            if (!await DashboardHost.StartAsync(app, cancellationToken))
            {
                return ExitCodes.Interrupted;
            }

            Terminal.Out.WriteLine($"cluster: {gateway.Gateways(result)}");
            Terminal.Out.WriteLine($"dashboard: {DashboardHost.Url(app)}");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
