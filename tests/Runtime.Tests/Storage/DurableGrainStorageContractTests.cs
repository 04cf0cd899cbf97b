using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>The behaviour of providers whose store outlives the provider object: what a silo restart relies on.</summary>
public abstract class DurableGrainStorageContractTests : GrainStorageContractTests
{
    [Fact]
    public async Task A_state_survives_a_new_provider_instance_on_the_same_store()
    {
        var grainId = NewGrainId();
        var written = await WriteNewAsync(grainId, 33);

        var restarted = await CreateStorageAsync();
        try
        {
            var read = await ReadAsync(grainId, restarted);
            Assert.Equal(33, read.State.Value);
            Assert.Equal(written.ETag, read.ETag);

            // The ETag the old instance handed out still guards writes through the new one.
            read.State.Value = 34;
            await restarted.WriteStateAsync(StateName, grainId, read);
            await Assert.ThrowsAsync<InconsistentStateException>(() => restarted.WriteStateAsync(StateName, grainId, written));
            Assert.Equal(34, (await ReadAsync(grainId)).State.Value);
        }
        finally
        {
            if (restarted is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
