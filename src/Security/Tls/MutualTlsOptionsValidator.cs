using Microsoft.Extensions.Options;

namespace BigDL.Security.Tls;

/// <summary>Checks at start-up that the certificate loads and that some peer is trusted, naming the setting that is wrong.</summary>
internal sealed class MutualTlsOptionsValidator : IValidateOptions<MutualTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, MutualTlsOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            errors.Add($"{nameof(MutualTlsOptions)}.{nameof(MutualTlsOptions.CertificatePath)} is required (a .pfx with this side's certificate and key).");
        }
        else
        {
            TryLoad(errors, nameof(MutualTlsOptions.CertificatePath), () => CertificateFiles.LoadWithPrivateKey(options.CertificatePath, options.CertificatePassword).Dispose());
        }

        if (options.TrustedThumbprints.Count == 0 && string.IsNullOrEmpty(options.TrustedAuthorityPath))
        {
            errors.Add($"{nameof(MutualTlsOptions)}.{nameof(MutualTlsOptions.TrustedThumbprints)} or {nameof(MutualTlsOptions.TrustedAuthorityPath)} must name the peers to trust.");
        }
        else if (!string.IsNullOrEmpty(options.TrustedAuthorityPath))
        {
            TryLoad(errors, nameof(MutualTlsOptions.TrustedAuthorityPath), () => CertificateFiles.LoadPublic(options.TrustedAuthorityPath).Dispose());
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(MutualTlsOptions)}.{nameof(MutualTlsOptions.HandshakeTimeout)} must be positive (it is {options.HandshakeTimeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    static void TryLoad(List<string> errors, string setting, Action load)
    {
        try
        {
            load();
        }
        catch (InvalidOperationException e)
        {
            errors.Add($"{nameof(MutualTlsOptions)}.{setting}: {e.Message}");
        }
    }
}
