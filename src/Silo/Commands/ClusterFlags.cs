using System.CommandLine;
using System.Reflection;
using System.Runtime.Loader;
using BigDL.Silo.Hosting;

namespace BigDL.Silo.Commands;

/// <summary>The options of <c>bigdl silo</c> that make it a cluster member: ports, addresses, secrets and extra grain assemblies.</summary>
internal sealed class ClusterFlags
{
    /// <summary>The environment variable read for the cluster secret, so it stays out of the process list.</summary>
    public const string SecretEnvironmentVariable = "BIGDL_CLUSTER_SECRET";

    /// <summary>The environment variable read for the gateway's API key.</summary>
    public const string ApiKeyEnvironmentVariable = "BIGDL_API_KEY";

    readonly Option<int?> port = new("--port")
    {
        Description = "The silo-to-silo port (0 picks a free one): join the cluster whose membership table lives in --store. Without it the silo runs alone.",
    };

    readonly Option<int?> gatewayPort = new("--gateway-port") { Description = "The port external clients (SDK, CLI, dashboard) connect to (0 picks a free one)." };

    readonly Option<string?> listen = new("--listen") { Description = "The address the silo and gateway listen on (default 127.0.0.1; e.g. 0.0.0.0 for every interface)." };

    readonly Option<string?> advertise = new("--advertise") { Description = "The host name or address other silos and clients reach this silo at (default: the --listen address, or the host name for 0.0.0.0)." };

    readonly Option<string?> secret = new("--cluster-secret")
    {
        Description = $"The secret every silo of the cluster proves when connecting, 16 characters or more (default: ${SecretEnvironmentVariable}, which keeps it out of the process list).",
    };

    readonly Option<string?> apiKey = new("--api-key") { Description = $"The key clients must present to the gateway, 16 characters or more (default: ${ApiKeyEnvironmentVariable})." };

    readonly Option<string?> name = new("--name") { Description = "The silo's name in logs and on the dashboard (default: the machine name)." };

    readonly Option<string[]> grainAssemblies = new("--grain-assembly")
    {
        Description = "A .dll with your own grain classes to host as well (repeatable); every silo of a cluster must host the same ones.",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(port);
        command.Options.Add(gatewayPort);
        command.Options.Add(listen);
        command.Options.Add(advertise);
        command.Options.Add(secret);
        command.Options.Add(apiKey);
        command.Options.Add(name);
        command.Options.Add(grainAssemblies);
    }

    /// <summary>Copies the flags into the silo options; throws <see cref="ArgumentException"/> naming the flag to fix.</summary>
    public void Apply(ParseResult result, ServiceSiloOptions options)
    {
        options.Port = result.GetValue(port) ?? options.Port;
        options.GatewayPort = result.GetValue(gatewayPort) ?? options.GatewayPort;
        options.ListenAddress = result.GetValue(listen) ?? options.ListenAddress;
        options.AdvertisedAddress = result.GetValue(advertise) ?? options.AdvertisedAddress;
        options.ClusterSecret = NonEmpty(result.GetValue(secret)) ?? NonEmpty(Environment.GetEnvironmentVariable(SecretEnvironmentVariable)) ?? options.ClusterSecret;
        options.ApiKey = NonEmpty(result.GetValue(apiKey)) ?? NonEmpty(Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable)) ?? options.ApiKey;
        options.SiloName = NonEmpty(result.GetValue(name)) ?? options.SiloName;

        var minimum = ServiceSiloOptions.MinimumSecretLength; // checked here to name the flag; the options validator counts UTF-8 bytes again
        if (options.Port is not null && (options.ClusterSecret?.Length ?? 0) < minimum)
        {
            throw new ArgumentException(
                $"--port makes this silo a cluster member, which needs a cluster secret of {minimum}+ characters shared by every silo: set ${SecretEnvironmentVariable} (or --cluster-secret), e.g. from 'openssl rand -base64 32'.");
        }

        if (options.GatewayPort is not null && (options.ApiKey?.Length ?? 0) < minimum)
        {
            throw new ArgumentException(
                $"--gateway-port opens a gateway, which needs an API key of {minimum}+ characters for clients to present: set ${ApiKeyEnvironmentVariable} (or --api-key), e.g. from 'openssl rand -base64 32'.");
        }

        foreach (var path in result.GetValue(grainAssemblies) ?? [])
        {
            options.GrainAssemblies.Add(Load(path));
        }
    }

    static Assembly Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ArgumentException($"--grain-assembly '{path}' does not exist; give the path of a built .dll.");
        }

        try
        {
            // Orleans loads the assemblies a grain assembly references by name, into the default context, which looks only
            // at bigdl's own folder: resolve them from the grain assembly's folder (its .deps.json where the build wrote one).
            var resolver = new AssemblyDependencyResolver(full);
            var folder = Path.GetDirectoryName(full)!; // a full file path has a folder
            AssemblyLoadContext.Default.Resolving += (context, name) =>
                resolver.ResolveAssemblyToPath(name) is { } resolved ? context.LoadFromAssemblyPath(resolved)
                : File.Exists(Path.Combine(folder, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll"))
                : null;
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException($"--grain-assembly '{path}' is not a .NET assembly; give the .dll your grain project builds.");
        }
    }

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
