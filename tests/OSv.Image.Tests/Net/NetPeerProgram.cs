// The OSv.NetPeer console program (tests/OSv.NetPeer) as these tests start it: `dotnet
// OSv.NetPeer.dll ...`, usually inside a NetworkNamespace. The dll is copied next to the tests
// by the project reference; ServeInside starts its servers and waits for their "ready" line.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace OSv.Image.Tests.Net
{
    public static class NetPeerProgram
    {
        public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

        public static string DllPath
        {
            get
            {
                string path = Path.Combine(AppContext.BaseDirectory, "OSv.NetPeer.dll");
                if (!File.Exists(path) || !File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
                    throw new InvalidOperationException("OSv.NetPeer.dll (with its runtimeconfig) is not next to the tests: " + path);
                return path;
            }
        }

        // `dotnet OSv.NetPeer.dll <arguments>` inside the namespace, to completion.
        public static CommandResult RunInside(NetworkNamespace network, params string[] arguments) =>
            network.RunWrapped("dotnet", new[] { DllPath }.Concat(arguments).ToArray());

        // `dotnet OSv.NetPeer.dll serve <arguments>` inside the namespace, once it prints "ready";
        // the namespace's Dispose stops it.
        public static Process ServeInside(NetworkNamespace network, params string[] arguments)
        {
            Process process = network.Start("dotnet", new[] { DllPath, "serve" }.Concat(arguments).ToArray());
            var seen = new StringBuilder();
            Task<bool> ready = Task.Run(() =>
            {
                string? line;
                while ((line = process.StandardOutput.ReadLine()) != null)
                {
                    seen.AppendLine(line);
                    if (line == "ready")
                        return true;
                }
                return false;
            });
            if (!ready.Wait(ReadyTimeout) || !ready.Result)
                throw new InvalidOperationException("OSv.NetPeer serve did not get ready in " + network.Name + ":\n" + seen + process.StandardError.ReadToEnd());
            return process;
        }
    }
}
