using System;
using System.IO;
using Microsoft.Extensions.Logging;

namespace EdgeOracle.LoadGen;

/// <summary>
/// The gateway's log at Information and above, one line per entry, into a file (<c>relay --gateway-log FILE</c>):
/// the in-process gateway logs nowhere by default, and a benchmark's figures need the relayer's story beside them.
/// </summary>
public sealed class FileLog : ILoggerProvider
{
    private readonly StreamWriter _writer;

    /// <summary>Creates (or truncates) <paramref name="path"/>.</summary>
    public FileLog(string path) => _writer = new StreamWriter(path, append: false) { AutoFlush = true };

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_writer)
        {
            _writer.Dispose();
        }
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        var line = DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + level + " " + category + ": " + message +
                   (exception is null ? string.Empty : " " + exception.GetType().Name + ": " + exception.Message);
        lock (_writer)
        {
            if (_writer.BaseStream.CanWrite)
            {
                _writer.WriteLine(line);
            }
        }
    }

    private sealed class Logger(FileLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write(category, logLevel, formatter(state, exception), exception);
            }
        }
    }
}
