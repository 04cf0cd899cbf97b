using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>Runs the grain storage contract against <see cref="MemoryGrainStorage"/>.</summary>
public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IGrainStorage>(new MemoryGrainStorage("test", NullLogger<MemoryGrainStorage>.Instance));

    [Fact]
    public async Task Reading_a_state_as_an_incompatible_type_throws_CorruptStateException()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);

        var asText = new GrainState<string>();
        var error = await Assert.ThrowsAsync<CorruptStateException>(() => Storage.ReadStateAsync(StateName, grainId, asText));

        Assert.Contains(grainId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal((await ReadAsync(grainId)).ETag, error.StoredETag);
    }
}
