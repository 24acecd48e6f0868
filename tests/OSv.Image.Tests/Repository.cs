// Finding the repository and running its commands (./osv, dotnet) as a user would.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace OSv.Image.Tests
{
    public sealed record CommandResult(int ExitCode, string Output, string Errors)
    {
        // Serial output arrives with CR LF; tests compare lines.
        public string[] Lines => Output.Replace("\r", "").Split('\n');

        public string Describe() => "exit " + ExitCode + "\n--- stdout\n" + Output + "\n--- stderr\n" + Errors;
    }

    public static class Repository
    {
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

        public static string Root { get; } = FindRoot();

        public static string OsvScript => Path.Combine(Root, "osv");

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OSv.sln")))
                    return directory.FullName;
            }
            throw new InvalidOperationException("OSv.sln not found above " + AppContext.BaseDirectory);
        }

        public static CommandResult Osv(params string[] arguments) => Run(OsvScript, arguments, Root);

        public static CommandResult Run(string program, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            if (environment != null)
            {
                foreach (var (name, value) in environment)
                    start.Environment[name] = value;
            }
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(CommandTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(program + " " + string.Join(' ', arguments) + " did not finish within " + CommandTimeout);
            }
            return new CommandResult(process.ExitCode, output.Result, errors.Result);
        }
    }
}
