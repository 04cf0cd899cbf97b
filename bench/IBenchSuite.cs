namespace BigDL.Bench;

/// <summary>A named group of benchmark cases, run by <c>dotnet run -c Release --project bench -- &lt;suite&gt;</c>.</summary>
public interface IBenchSuite
{
    /// <summary>The name given on the command line, e.g. <c>runtime</c> or <c>gemm</c>.</summary>
    string Name { get; }

    /// <summary>What the suite measures, shown by <c>--list</c>.</summary>
    string Description { get; }

    /// <summary>Runs every case and reports each figure through <paramref name="report"/>.</summary>
    Task RunAsync(BenchReport report, CancellationToken cancellationToken);
}
