namespace BigDL.Security.Tests;

/// <summary>The smallest grain that shows a call went through: it answers with the silo it runs on.</summary>
public interface IEchoGrain : IGrainWithIntegerKey
{
    Task<string> Echo(string text);
}

public sealed class EchoGrain(ILocalSiloDetails silo) : Grain, IEchoGrain
{
    public Task<string> Echo(string text) => Task.FromResult($"{text} from {silo.Name}");
}
