using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (<c>kill</c>, a service manager) as a request to stop: the runtime does not end the
/// process, <see cref="Token"/> is cancelled instead, and the command stops what it runs (the demo its gateway and its
/// chain) and returns. A command that was stopped before it finished exits with <see cref="ExitCode"/>, 128 plus the
/// signal's number (130 for SIGINT, 143 for SIGTERM), as a shell reports a process that a signal ended; one that
/// was told to run until stopped (<c>demo --keep-running</c>) exits with 0.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private const int SigInt = 2, SigTerm = 15;
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _signal;

    /// <summary>Takes over SIGINT and SIGTERM until disposed; <paramref name="cancellationToken"/> also cancels <see cref="Token"/>.</summary>
    public StopSignals(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Whether a signal asked the command to stop.</summary>
    public bool Signalled => Volatile.Read(ref _signal) != 0;

    /// <summary>The signal's name (SIGINT or SIGTERM), or null while none came.</summary>
    public string? Name => Volatile.Read(ref _signal) switch
    {
        SigInt => "SIGINT",
        SigTerm => "SIGTERM",
        _ => null,
    };

    /// <summary>The exit code of a command the signal stopped before it finished: 130 (SIGINT) or 143 (SIGTERM).</summary>
    public int ExitCode => 128 + Volatile.Read(ref _signal);

    /// <inheritdoc />
    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Interlocked.CompareExchange(ref _signal, context.Signal == PosixSignal.SIGINT ? SigInt : SigTerm, 0);
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command is over: nothing is left to stop.
        }
    }
}
