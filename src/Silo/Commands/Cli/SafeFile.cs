namespace BigDL.Silo.Commands.Cli;

/// <summary>Writes output files so that nothing already stored is lost: an existing file only when asked, and never half written.</summary>
internal static class SafeFile
{
    /// <summary>Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/> and moves it into place.</summary>
    /// <exception cref="CliException">The file exists (without <paramref name="overwrite"/>) or its folder does not.</exception>
    public static async Task WriteAsync(string path, byte[] bytes, bool overwrite, CancellationToken cancellationToken)
    {
        var full = Check(path, overwrite);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
            File.Move(temporary, full, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Checks that <paramref name="path"/> may be written; returns its full path.</summary>
    public static string Check(string path, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw new CliException($"'{path}' already exists; choose another --output or add --overwrite.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new CliException($"'{path}': folder '{Path.GetDirectoryName(full)}' does not exist; create it or choose another --output.");
        }

        return full;
    }
}
