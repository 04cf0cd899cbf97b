using System.Reflection;

namespace BigDL.Orleans.Grains;

/// <summary>Finds the runtime's cluster client (<c>BigDLClient.ConnectAsync(gateways, apiKey, ...)</c>) for the estimator's cluster mode.</summary>
/// <remarks>
/// Looked up by name so the estimator builds whether or not the runtime in hand has the client yet; where it has, cluster
/// mode works with no change here. The method must take the gateways and the API key first and return a task of a client.
/// </remarks>
internal static class ClusterClientFactory
{
    static readonly string[] TypeNames = ["BigDL.Orleans.Client.BigDLClient", "BigDL.Orleans.Hosting.BigDLClient"];

    /// <summary>A function connecting to gateways with an API key, or null when the runtime has no cluster client.</summary>
    public static Func<string, string, CancellationToken, Task<IClusterClient>>? Find()
    {
        var method = TypeNames
            .Select(n => typeof(IClusterClient).Assembly.GetType(n))
            .OfType<Type>()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .FirstOrDefault(IsConnect);
        if (method is null)
        {
            return null;
        }

        return async (gateways, apiKey, cancellationToken) =>
        {
            var arguments = method.GetParameters().Select((p, i) => i switch
            {
                0 => gateways,
                1 => apiKey,
                _ when p.ParameterType == typeof(CancellationToken) => cancellationToken,
                _ => p.HasDefaultValue ? p.DefaultValue : null,
            }).ToArray();
            var task = (Task)method.Invoke(null, arguments)!; // IsConnect checked the return type
            await task;
            return (IClusterClient)task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task)!;
        };
    }

    static bool IsConnect(MethodInfo m)
    {
        var p = m.GetParameters();
        return m.Name == "ConnectAsync"
            && p.Length >= 2 && p[0].ParameterType == typeof(string) && p[1].ParameterType == typeof(string)
            && p.Skip(2).All(x => x.HasDefaultValue || x.ParameterType == typeof(CancellationToken))
            && m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            && typeof(IClusterClient).IsAssignableFrom(m.ReturnType.GetGenericArguments()[0]);
    }
}
