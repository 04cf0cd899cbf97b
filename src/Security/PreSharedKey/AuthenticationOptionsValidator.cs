using Microsoft.Extensions.Options;

namespace BigDL.Security.PreSharedKey;

/// <summary>Checks both options classes at start-up, naming the setting that is wrong and never printing a key.</summary>
internal sealed class AuthenticationOptionsValidator : IValidateOptions<ClusterAuthenticationOptions>, IValidateOptions<ClientAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterAuthenticationOptions options)
    {
        var errors = new List<string>();
        CheckKey(errors, $"{nameof(ClusterAuthenticationOptions)}.{nameof(ClusterAuthenticationOptions.ClusterSecret)} (BIGDL_CLUSTER_SECRET)", options.ClusterSecret);
        CheckKey(errors, $"{nameof(ClusterAuthenticationOptions)}.{nameof(ClusterAuthenticationOptions.ApiKey)} (BIGDL_API_KEY)", options.ApiKey);
        CheckTimeout(errors, $"{nameof(ClusterAuthenticationOptions)}.{nameof(ClusterAuthenticationOptions.HandshakeTimeout)}", options.HandshakeTimeout);

        // With one key for both, anyone holding the API key could join the cluster as a silo.
        if (options.ClusterSecret is { Length: > 0 } && string.Equals(options.ClusterSecret, options.ApiKey, StringComparison.Ordinal))
        {
            errors.Add($"{nameof(ClusterAuthenticationOptions)}.{nameof(ClusterAuthenticationOptions.ApiKey)} must differ from the cluster secret, or every client could join as a silo.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, ClientAuthenticationOptions options)
    {
        var errors = new List<string>();
        CheckKey(errors, $"{nameof(ClientAuthenticationOptions)}.{nameof(ClientAuthenticationOptions.ApiKey)} (BIGDL_API_KEY)", options.ApiKey);
        CheckTimeout(errors, $"{nameof(ClientAuthenticationOptions)}.{nameof(ClientAuthenticationOptions.HandshakeTimeout)}", options.HandshakeTimeout);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    static void CheckKey(List<string> errors, string setting, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            errors.Add($"{setting} is required; generate one with e.g. 'openssl rand -base64 32'.");
        }
        else if (key.Length < ClusterAuthenticationOptions.MinimumKeyLength)
        {
            errors.Add($"{setting} must be at least {ClusterAuthenticationOptions.MinimumKeyLength} characters (it has {key.Length}).");
        }
    }

    static void CheckTimeout(List<string> errors, string setting, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            errors.Add($"{setting} must be positive (it is {timeout}).");
        }
    }
}
