using Polly;
using Polly.Retry;

namespace BigDL.Orleans.Resilience;

/// <summary>Polly retry strategies for grain calls that failed because the silo they went to died.</summary>
/// <remarks>
/// A call in flight to a silo that dies fails at once with <see cref="Runtime.SiloUnavailableException"/>; once the
/// cluster declares that silo dead (a few seconds with the default membership timings) the same call activates the
/// grain on a live silo with its stored state. Retrying bridges that gap. The failed attempt may have run before the silo
/// died, so retry calls that are safe to run twice (reads, or writes the grain makes idempotent).
/// <code>
/// var retry = new ResiliencePipelineBuilder().AddGrainCallRetry().Build();
/// var count = await retry.ExecuteAsync(async token => await grain.Get(), cancellationToken);
/// </code>
/// </remarks>
public static class GrainCallRetry
{
    /// <summary>The default number of retries: with the default backoff they span about 15 s, past a dead silo's declaration.</summary>
    public const int DefaultMaxRetryAttempts = 6;

    /// <summary>The default first delay; later ones grow exponentially, with jitter.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets a ready pipeline with the default retry strategy.</summary>
    public static ResiliencePipeline Default { get; } = new ResiliencePipelineBuilder().AddGrainCallRetry().Build();

    /// <summary>Adds a retry of <see cref="Runtime.SiloUnavailableException"/> with exponential backoff and jitter.</summary>
    public static TBuilder AddGrainCallRetry<TBuilder>(this TBuilder builder, int maxRetryAttempts = DefaultMaxRetryAttempts, TimeSpan? delay = null)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetryAttempts);
        var options = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Runtime.SiloUnavailableException>(),
            MaxRetryAttempts = maxRetryAttempts,
            Delay = delay ?? DefaultDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            MaxDelay = TimeSpan.FromSeconds(5),
        };
        return builder switch
        {
            ResiliencePipelineBuilder plain => (TBuilder)(object)plain.AddRetry(options),
            _ => throw new ArgumentException($"AddGrainCallRetry needs a {nameof(ResiliencePipelineBuilder)}; for typed pipelines add a RetryStrategyOptions<T> handling SiloUnavailableException.", nameof(builder)),
        };
    }
}
