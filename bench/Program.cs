using System.Reflection;
using BigDL.Bench;

if (args is ["cluster-silo", var store])
{
    return await BigDL.Bench.Cluster.ClusterSiloProcess.RunAsync(store);
}

// Suites are discovered by reflection so each lives in its own file under Suites/.
var suites = typeof(IBenchSuite).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchSuite).IsAssignableFrom(t))
    .Select(t => (IBenchSuite)Activator.CreateInstance(t)!) // suites have public parameterless constructors
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench -- <suite> [<suite> ...]");
    foreach (var s in suites.Values)
    {
        Console.WriteLine($"  {s.Name,-10} {s.Description}");
    }

    return args.Length == 0 ? 1 : 0;
}

#if DEBUG
Console.WriteLine("# warning: a Debug build; figures are only meaningful with -c Release");
#endif
Console.WriteLine($"# {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
foreach (var name in args)
{
    if (!suites.TryGetValue(name, out var suite))
    {
        Console.Error.WriteLine($"unknown suite '{name}'; known: {string.Join(", ", suites.Keys)}");
        return 2;
    }

    await suite.RunAsync(new BenchReport(suite.Name, Console.Out), cts.Token);
}

return 0;

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
    $"AVX-512F={System.Runtime.Intrinsics.X86.Avx512F.IsSupported}, AVX2={System.Runtime.Intrinsics.X86.Avx2.IsSupported}, " +
    $"{Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration}";
