using System;
using System.Diagnostics;
using System.Globalization;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>POSIX signals to a child process, as <c>kill</c> or a service manager sends them.</summary>
public static class Signal
{
    /// <summary>SIGTERM: asks the process to stop.</summary>
    public static void Terminate(int processId) => Send(processId, "TERM");

    private static void Send(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {processId} exited with {kill.ExitCode}");
        }
    }
}
