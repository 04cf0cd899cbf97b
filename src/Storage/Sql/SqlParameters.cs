using System.Data.Common;

namespace BigDL.Storage.Sql;

/// <summary>Builds commands whose SQL both dialects accept: <c>@name</c> parameters, added without the prefix.</summary>
internal static class SqlParameters
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
