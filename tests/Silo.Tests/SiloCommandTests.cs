namespace BigDL.Silo.Tests;

public sealed class SiloCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-silo-").FullName;

    [Fact]
    public async Task Silo_starts_with_the_embedded_sqlite_store_and_stops_cleanly_on_ctrl_c()
    {
        // A free dashboard port: the default 5080 may be taken on a shared machine, which is another test's business.
        using var silo = SiloProcess.Start(folder, "silo", "--dashboard-port", "0");
        await silo.WaitForOutputAsync("dashboard: ", TimeSpan.FromSeconds(60));

        silo.Interrupt();

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the silo did not exit after SIGINT:\n" + silo.Output);
        Assert.True(silo.ExitCode == 0, $"exit code {silo.ExitCode}:\n{silo.Output}");
        Assert.Contains("stopped", silo.Output);
        Assert.True(File.Exists(Path.Combine(folder, "bigdl.db")), "the default SQLite store was not created in the working folder");
    }

    [Fact]
    public async Task Silo_with_an_unreachable_store_exits_non_zero_naming_the_server_but_not_the_password()
    {
        using var silo = SiloProcess.Start(folder, "silo", "--store", "Host=127.0.0.1;Port=1;Username=postgres;Password=hunter2;Timeout=2");

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the silo kept running with an unreachable store:\n" + silo.Output);
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains("bigdl silo: ", silo.Output);
        Assert.Contains("PostgreSQL database 'postgres' on 127.0.0.1:1", silo.Output);
        Assert.DoesNotContain("hunter2", silo.Output);
        Assert.DoesNotContain("   at ", silo.Output); // one clear line, not a stack trace
    }

    [Fact]
    public async Task Silo_with_a_bad_option_value_exits_non_zero_naming_the_setting()
    {
        using var silo = SiloProcess.Start(folder, new Dictionary<string, string> { ["BigDL__ListenAddress"] = "not-an-ip" }, "silo");

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the silo kept running:\n" + silo.Output);
        Assert.Equal(1, silo.ExitCode);
        Assert.Contains("--listen 'not-an-ip' is not an IP address", silo.Output);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
