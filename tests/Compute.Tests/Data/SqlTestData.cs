using System.Data.Common;
using System.Globalization;

namespace BigDL.Compute.Tests.Data;

/// <summary>The same events as CSV text and as SQL rows, so sources can be compared.</summary>
internal static class SqlTestData
{
    public const int Rows = 30;

    public static string Csv() =>
        "id,customer,price,at\n" + string.Join("\n", Enumerable.Range(1, Rows).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i},c{i % 4},{(i % 5 == 0 ? "" : (i * 1.5).ToString(CultureInfo.InvariantCulture))},{At(i):yyyy-MM-ddTHH:mm:ss}")));

    public static DateTime At(int i) => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddHours(i * 7);

    /// <summary>Inserts the rows in reverse id order, so only ORDER BY can restore the CSV's order.</summary>
    public static void Insert(DbConnection connection, string createTable, Func<DateTime, object> time)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = createTable;
            create.ExecuteNonQuery();
        }

        for (var i = Rows; i >= 1; i--)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO events (id, customer, price, at) VALUES (@id, @customer, @price, @at)";
            Add(insert, "id", i);
            Add(insert, "customer", $"c{i % 4}");
            Add(insert, "price", i % 5 == 0 ? DBNull.Value : i * 1.5);
            Add(insert, "at", time(At(i)));
            insert.ExecuteNonQuery();
        }
    }

    static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
