using BigDL.Orleans.Resilience;
using Polly;

namespace BigDL.Orleans.Runtime.Tests.Resilience;

public sealed class GrainCallRetryTests
{
    static readonly ResiliencePipeline Fast = new ResiliencePipelineBuilder().AddGrainCallRetry(maxRetryAttempts: 3, delay: TimeSpan.FromMilliseconds(1)).Build();

    [Fact]
    public async Task A_call_that_fails_with_SiloUnavailableException_is_retried_until_it_succeeds()
    {
        var attempts = 0;
        var result = await Fast.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts < 3 ? throw new SiloUnavailableException("silo 127.0.0.1:1@1 died") : ValueTask.FromResult(42);
        });

        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Past_the_attempt_limit_the_last_SiloUnavailableException_reaches_the_caller()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<SiloUnavailableException>(async () => await Fast.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new SiloUnavailableException("still dead");
        }));

        Assert.Equal(4, attempts); // the first try and three retries
    }

    [Theory]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(TimeoutException))] // the call may still be running: retrying could run it twice at once
    [InlineData(typeof(MessageRejectedException))]
    public async Task Other_failures_are_not_retried(Type exceptionType)
    {
        var attempts = 0;
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await Fast.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw (Exception)Activator.CreateInstance(exceptionType, "not transient")!;
        }));

        Assert.IsType(exceptionType, error);
        Assert.Equal(1, attempts);
    }
}
