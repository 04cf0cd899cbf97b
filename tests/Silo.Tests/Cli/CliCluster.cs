using System.Globalization;

namespace BigDL.Silo.Tests.Cli;

/// <summary>One <c>bigdl silo</c> process with a gateway, shared by the command-line tests, and helpers to run commands against it.</summary>
public sealed class CliCluster : IAsyncLifetime
{
    public const string ApiKey = "cli-tests-api-key-0123456789";

    readonly Lock modelGate = new();
    SiloProcess? silo;
    Task<string>? model;

    /// <summary>Gets the folder commands run in (spec files, CSVs and exports go here).</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("bigdl-cli-").FullName;

    /// <summary>Gets the silo's gateway as <c>host:port</c>.</summary>
    public string Gateway { get; private set; } = "";

    /// <summary>Gets the silo's output, for failure messages.</summary>
    public string SiloOutput => silo?.Output ?? "";

    public async Task InitializeAsync()
    {
        silo = SiloProcess.Start(
            Folder,
            new Dictionary<string, string> { ["BIGDL_API_KEY"] = ApiKey },
            "silo", "--store", Path.Combine(Folder, "cli.db"), "--gateway-port", "0", "--dashboard-port", "0");
        Gateway = await silo.WaitForLineAsync("gateway: ", ProcessCluster.StartTimeout);
    }

    /// <summary>Runs <c>bigdl args --gateway this</c> with the key in <c>BIGDL_API_KEY</c>.</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        Bigdl.RunAsync(Folder, new Dictionary<string, string> { ["BIGDL_API_KEY"] = ApiKey, ["BIGDL_GATEWAY"] = Gateway }, args);

    /// <summary>Writes <paramref name="text"/> to a file in <see cref="Folder"/>; returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>An experiment spec in JSON: an MLP on generated data with <paramref name="features"/> features and 3 classes.</summary>
    public static string Spec(string name, int trials, int features = 5, int epochs = 3, int rows = 800, int parallelism = 2) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "name": "{{name}}",
              "model": { "type": "mlp-classifier" },
              "dataset": { "type": "synthetic-classification", "rows": {{rows}}, "features": {{features}}, "classes": 3, "seed": 3 },
              "searchSpace": { "parameters": [
                { "name": "learning_rate", "type": "float", "low": 0.001, "high": 0.1, "log": true },
                { "name": "hidden_units", "type": "int", "low": 4, "high": 32 } ] },
              "sampler": "random", "seed": 5,
              "budget": { "trials": {{trials}} }, "parallelism": {{parallelism}}, "epochs": {{epochs}}
            }
            """);

    /// <summary>Gets the name of a registered model with 5 inputs, submitting and watching a one-trial experiment the first time.</summary>
    public Task<string> ModelAsync()
    {
        lock (modelGate)
        {
            return model ??= SubmitModelAsync();
        }
    }

    async Task<string> SubmitModelAsync()
    {
        var submitted = await RunAsync("experiment", "submit", WriteFile("model-spec.json", Spec("cli-model", trials: 1)), "--watch");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        return "cli-model";
    }

    public async Task DisposeAsync()
    {
        if (silo is not null)
        {
            silo.Interrupt();
            await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
            silo.Dispose();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is exiting; the temp folder is cleaned up by the system.
        }
    }
}

/// <summary>The command-line tests share one silo.</summary>
[CollectionDefinition(Name)]
public sealed class CliTests : ICollectionFixture<CliCluster>
{
    public const string Name = "cli";
}
