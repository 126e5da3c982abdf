using System;
using System.Data.Common;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// Commands for the side tables whose SQL is the same on SQLite and PostgreSQL (anchoring, the registry follower):
/// named parameters written <c>@name</c>, which both providers understand.
/// </summary>
internal static class AdoCommands
{
    /// <summary>A command on <paramref name="connection"/>, in <paramref name="transaction"/> if given; a null value is sent as NULL.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
