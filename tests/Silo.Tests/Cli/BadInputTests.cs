using System.Net;
using System.Net.Sockets;

namespace BigDL.Silo.Tests.Cli;

/// <summary>Bad input gets one line saying what to fix and a non-zero exit code; a stack trace only with --verbose.</summary>
[Collection(CliTests.Name)]
public sealed class BadInputTests(CliCluster cluster)
{
    [Fact]
    public async Task An_invalid_spec_file_names_the_file_and_field_and_submits_nothing()
    {
        var typed = cluster.WriteFile("typed.json", """{ "name": "cli-bad-1", "budget": { "trials": "ten" } }""");
        var result = await cluster.RunAsync("experiment", "submit", typed);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("typed.json: budget.trials: expected a whole number", result.Error);
        AssertOneLine(result);

        // A value only the experiment grain checks comes back the same way.
        var valued = cluster.WriteFile("valued.json", CliCluster.Spec("cli-bad-2", trials: 0));
        result = await cluster.RunAsync("experiment", "submit", valued);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("valued.json: budget.trials", result.Error);
        AssertOneLine(result);

        var missing = await cluster.RunAsync("experiment", "submit", "no-such-spec.json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("'no-such-spec.json' does not exist", missing.Error);

        var listed = await cluster.RunAsync("experiment", "list");
        Assert.DoesNotContain("cli-bad-", listed.Output);
    }

    [Fact]
    public async Task An_unreachable_gateway_fails_in_one_line()
    {
        var result = await cluster.RunAsync("experiment", "list", "--gateway", $"127.0.0.1:{ClosedPort()}");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot reach the cluster", result.Error);
        AssertOneLine(result);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_in_one_line_and_verbose_adds_the_stack_trace()
    {
        var result = await cluster.RunAsync("model", "list", "--api-key", "not-the-key-0123456789");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("refused the API key", result.Error);
        Assert.DoesNotContain("not-the-key", result.Error + result.Output); // a key is never echoed
        AssertOneLine(result);

        var verbose = await cluster.RunAsync("model", "list", "--api-key", "not-the-key-0123456789", "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Error);

        var none = await Bigdl.RunAsync(cluster.Folder, new Dictionary<string, string> { ["BIGDL_GATEWAY"] = cluster.Gateway }, "model", "list");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("BIGDL_API_KEY", none.Error);
    }

    [Fact]
    public async Task A_csv_whose_columns_do_not_match_the_model_is_refused_and_no_output_is_written()
    {
        var model = await cluster.ModelAsync(); // takes 5 features
        var output = Path.Combine(cluster.Folder, "mismatch-out.csv");

        var narrow = cluster.WriteFile("narrow.csv", "a,b,c\n1,2,3\n4,5,6\n");
        var result = await cluster.RunAsync("predict", "--model", model, "--input", narrow, "--output", output);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has 3 feature column(s) (a, b, c) but model 'cli-model' version 1 takes 5", result.Error);
        AssertOneLine(result);
        Assert.False(File.Exists(output));

        var text = cluster.WriteFile("text.csv", "a,b,c,d,e\n1,2,3,4,x\n4,5,6,7,y\n");
        result = await cluster.RunAsync("predict", "--model", model, "--input", text, "--output", output);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("column 'e' is not numeric", result.Error);
        Assert.False(File.Exists(output));

        var unknown = await cluster.RunAsync("predict", "--model", "no-such-model", "--input", narrow, "--output", output);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("model 'no-such-model' does not exist", unknown.Error);
    }

    [Fact]
    public async Task A_command_line_mistake_exits_2_and_points_at_help()
    {
        var result = await cluster.RunAsync("experiment", "list", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error);
        Assert.Contains("bigdl experiment list --help", result.Error);

        var help = await cluster.RunAsync("predict", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--input", help.Output);
    }

    static void AssertOneLine(CliResult result)
    {
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when the listener is disposed
    }
}
