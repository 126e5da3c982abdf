using System;
using System.IO;
using System.Threading.Tasks;
using EdgeOracle.Devnet;

namespace EdgeOracle.Cli.Commands;

/// <summary>Runs a command's work and turns what can go wrong into one clear line on stderr, never a stack trace.</summary>
internal static class Cli
{
    public static async Task<int> RunAsync(Func<Task<int>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (CliException exception)
        {
            return Fail(exception.Message, 2);
        }
        catch (FileNotFoundException exception)
        {
            return Fail(exception.Message, 1);
        }
        catch (ContractRevertedException exception)
        {
            return Fail(exception.Message, 1);
        }
        catch (Exception exception) when (IsUnreachable(exception))
        {
            return Fail("The node could not be reached (" + exception.Message + "). Is it running? Pass its URL with --rpc.", 1);
        }
    }

    private static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException or Nethereum.JsonRpc.Client.RpcClientUnknownException)
            {
                return true;
            }
        }

        return false;
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine("error: " + message);
        return code;
    }
}
