using BigDL.Compute.Data;

namespace BigDL.Grains;

/// <summary>Where batch scoring writes, checked before any prediction runs so a bad output spec costs nothing.</summary>
internal sealed class ScoringSink
{
    readonly ScoringOutputSpec output;

    ScoringSink(ScoringOutputSpec output, string target)
    {
        this.output = output;
        Target = target;
    }

    /// <summary>The file or table written, for messages and the result.</summary>
    public string Target { get; }

    /// <summary>Checks <paramref name="output"/>: a known kind, a location, a CSV file that may be written or a table name.</summary>
    public static ScoringSink Create(ScoringOutputSpec output)
    {
        if (string.IsNullOrWhiteSpace(output.Location))
        {
            throw new TrainingSpecException("output.Location", output.Kind == "csv" ? "is empty; give the CSV file's path" : "is empty; give the connection string");
        }

        if (output.Kind == "csv")
        {
            if (!output.Overwrite && File.Exists(output.Location))
            {
                throw new TrainingSpecException("output.Location", $"file '{output.Location}' already exists; choose another path or set Overwrite");
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(output.Location));
            if (folder is null || !Directory.Exists(folder))
            {
                throw new TrainingSpecException("output.Location", $"file '{output.Location}': its folder does not exist");
            }

            return new ScoringSink(output, $"file '{output.Location}'");
        }

        if (!DataConnections.IsSql(output.Kind))
        {
            throw new TrainingSpecException("output.Kind", $"'{output.Kind}' is unknown; use csv, sqlite or postgres");
        }

        if (string.IsNullOrWhiteSpace(output.Table))
        {
            throw new TrainingSpecException("output.Table", $"is empty; a {output.Kind} output needs a table name");
        }

        return new ScoringSink(output, $"table '{output.Table}'");
    }

    /// <summary>Writes the rows (a <see cref="DatasetException"/> names an existing table or file).</summary>
    public void Write(Frame frame)
    {
        if (output.Kind == "csv")
        {
            FrameWriter.WriteCsv(frame, output.Location, output.Overwrite);
        }
        else
        {
            FrameWriter.WriteSql(frame, () => DataConnections.Create(output.Kind, output.Location, "output.Kind"), output.Table!); // checked in Create
        }
    }
}
