// Submits a small AutoML experiment to a running cluster, watches it, and predicts with its best model.
//
//   export BIGDL_API_KEY=$(openssl rand -base64 24)
//   dotnet run --project src/Silo -- silo --gateway-port 30000            # one terminal
//   dotnet run --project examples/Quickstart -- 127.0.0.1:30000           # another (same BIGDL_API_KEY)
using BigDL.Examples.Quickstart;

var gateway = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("BIGDL_GATEWAY") ?? "127.0.0.1:30000";
var apiKey = Environment.GetEnvironmentVariable("BIGDL_API_KEY");
if (string.IsNullOrEmpty(apiKey))
{
    await Console.Error.WriteLineAsync("set BIGDL_API_KEY to the key the silo's gateway was started with");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var name = args.Length > 1 ? args[1] : $"quickstart-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var result = await Quickstart.RunAsync(gateway, apiKey, name, Console.Out, stop.Token);
return result.Accuracy is null ? 1 : 0;
