using System.Data.Common;

namespace Interchange.Audit.Storage;

/// <summary>A read connection and, for snapshot reads, its read transaction; commands made here run in both.</summary>
internal sealed class AuditReadSession(DbConnection connection, DbTransaction? transaction) : IAsyncDisposable
{
    /// <summary>A command for the shared read SQL; values go in with <see cref="Add"/>, never into the text.</summary>
    public DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Binds <c>@name</c>: SQLite and Npgsql both take that spelling.</summary>
    public static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
