// A booted image that keeps running while a test talks to it: `osv run` started as a process
// (directly, or inside a network namespace), its console collected line by line, with waits for
// a line and for the exit.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;

namespace OSv.Image.Tests.Net
{
    public sealed class RunningGuest : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = new List<string>();
        private readonly StringBuilder _errors = new StringBuilder();
        private readonly bool _ownsProcess;

        // Watches a started process (redirected output); one started elsewhere (NetworkNamespace)
        // stays its starter's to dispose.
        public RunningGuest(Process process) : this(process, ownsProcess: false)
        {
        }

        private RunningGuest(Process process, bool ownsProcess)
        {
            _process = process;
            _ownsProcess = ownsProcess;
            _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_lines) { _lines.Add(e.Data); Monitor.PulseAll(_lines); } };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_errors) _errors.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        // `./osv run <arguments>` in the repository, outside any namespace.
        public static RunningGuest Start(params string[] arguments)
        {
            var start = new ProcessStartInfo(Repository.OsvScript)
            {
                WorkingDirectory = Repository.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            return new RunningGuest(Process.Start(start) ?? throw new InvalidOperationException("cannot start osv"), ownsProcess: true);
        }

        public string[] Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        // The first console line starting with prefix, waiting up to timeout; null if the guest
        // exited or the time passed without one.
        public string? WaitForLine(string prefix, TimeSpan timeout)
        {
            DateTime end = DateTime.UtcNow + timeout;
            lock (_lines)
            {
                while (true)
                {
                    string? line = _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                    if (line != null)
                        return line;
                    TimeSpan left = end - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || _process.HasExited && !Monitor.Wait(_lines, 200))
                        return null;
                    Monitor.Wait(_lines, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
                }
            }
        }

        // The exit code, or null when it did not exit in time (it is then killed).
        public int? WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                Kill();
                return null;
            }
            _process.WaitForExit(); // flushes the asynchronous readers
            return _process.ExitCode;
        }

        public string Describe()
        {
            lock (_lines)
                lock (_errors)
                    return "--- console\n" + string.Join("\n", _lines) + "\n--- stderr\n" + _errors;
        }

        private void Kill()
        {
            try
            {
                if (!_process.HasExited)
                    _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }

        public void Dispose()
        {
            Kill();
            if (_ownsProcess)
                _process.Dispose();
        }
    }
}
