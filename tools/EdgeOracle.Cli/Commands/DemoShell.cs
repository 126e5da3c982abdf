using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// The demo's actors at the command line: each action is this CLI's own command, run in-process against the demo's
/// chain and printed as a user would type it (the key as a key file under the demo's folder, never the key itself), so
/// that every step can be repeated by hand with <c>demo --keep-running</c>. Once <paramref name="stopping"/> is cancelled
/// (the demo was told to stop), no further command runs and the one running is cancelled.
/// </summary>
internal sealed class DemoShell(LocalEdgeSystem system, string work, CancellationToken stopping)
{
    private readonly string _keys = Path.Combine(work, "keys");
    private readonly System.Collections.Generic.Dictionary<string, string> _paths = [];

    /// <summary>The deployment file the commands read.</summary>
    public string DeploymentFile { get; } = Path.Combine(work, "deployment.json");

    /// <summary>Writes <paramref name="privateKey"/> to <c>keys/NAME.key</c> (owner-only) and returns the path as printed.</summary>
    public string Key(string name, string privateKey)
    {
        Directory.CreateDirectory(_keys);
        var path = Path.Combine(_keys, name + ".key");
        File.WriteAllText(path, privateKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var printable = Printable(path);
        _paths[printable] = path;
        return printable;
    }

    /// <summary>Runs <c>edge cli ARGS</c>; its output is indented under the command line. A failing command fails the demo.</summary>
    public async Task RunAsync(params string[] args)
    {
        stopping.ThrowIfCancellationRequested();
        Console.WriteLine("      $ ./tools/edge cli " + string.Join(' ', args.Select(Quote)));
        var output = Console.Out;
        int code;
        using (var indented = new IndentingWriter(output, "        "))
        {
            Console.SetOut(indented);
            try
            {
                // A key file is printed as the user types it from the repository's root, and passed by its full path.
                var actual = args.Select(a => _paths.TryGetValue(a, out var full) ? full : a);
                code = await CliRoot.Create().Parse([.. actual, "--rpc", system.Deployment.RpcUrl, "--deployment", DeploymentFile])
                    .InvokeAsync(cancellationToken: stopping).ConfigureAwait(false);
            }
            finally
            {
                Console.SetOut(output);
            }
        }

        // A command cut short by the stop did not fail the story.
        stopping.ThrowIfCancellationRequested();
        if (code != 0)
        {
            throw new DemoFailedException("`edge cli " + string.Join(' ', args) + "` exited with " + code);
        }
    }

    /// <summary>A path relative to the repository when it lies inside it (as the user types it from the root).</summary>
    private static string Printable(string path)
    {
        var relative = Path.GetRelativePath(RepoPaths.Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? "\"" + arg + "\"" : arg;

    /// <summary>Prefixes every line written through it.</summary>
    private sealed class IndentingWriter(TextWriter inner, string indent) : TextWriter
    {
        private bool _lineStart = true;

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (_lineStart && value != '\n')
            {
                inner.Write(indent);
                _lineStart = false;
            }

            inner.Write(value);
            if (value == '\n')
            {
                _lineStart = true;
            }
        }

        public override void Flush() => inner.Flush();
    }
}

/// <summary>A demo step that did not come out as the story says: the demo stops with this sentence.</summary>
internal sealed class DemoFailedException(string message) : Exception(message);
