using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Grains;

/// <summary>What a silo adds to the service: its own trial objectives (model families) beside the built-in ones.</summary>
public sealed class BigDLServiceOptions
{
    readonly IServiceCollection services;

    internal BigDLServiceOptions(IServiceCollection services) => this.services = services;

    /// <summary>Registers a trial objective: experiments whose <c>model.type</c> is its <see cref="ITrialObjective.ModelType"/> train with it.</summary>
    public BigDLServiceOptions AddObjective<TObjective>()
        where TObjective : class, ITrialObjective
    {
        services.AddSingleton<ITrialObjective, TObjective>();
        return this;
    }

    /// <summary>Registers a trial objective instance.</summary>
    public BigDLServiceOptions AddObjective(ITrialObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        services.AddSingleton(objective);
        return this;
    }
}
