// Runs a program the way a shell would: stdin, stdout and stderr inherited (QEMU's serial
// console is the user's terminal), the exit status returned. While the child runs, Ctrl-C is
// left to the child (it gets the terminal's SIGINT itself) and a SIGTERM sent to the tool is
// passed on, so QEMU never outlives `osv`. A timeout asks QEMU to quit with SIGTERM (it then
// restores the terminal) and kills it only if it does not.
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace OSv.Tool
{
    // Signal: the number of the SIGINT or SIGTERM the tool received while the child ran, or 0.
    internal readonly record struct ChildResult(int ExitStatus, bool TimedOut, int Signal);

    internal static class ChildProcess
    {
        public const int SignalInterrupt = 2;
        public const int SignalTerminate = 15;
        private const int TerminateGraceMilliseconds = 2000;

        public static ChildResult Run(string executable, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
        {
            using Process process = Start(Describe(executable, arguments, redirectOutput: false));
            int received = 0;
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                received = SignalInterrupt;
            });
            using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                received = SignalTerminate;
                SendTerminate(process);
            });
            bool timedOut = timeout is TimeSpan limit && !process.WaitForExit(limit);
            if (timedOut)
                Stop(process);
            process.WaitForExit();
            return new ChildResult(process.ExitCode, timedOut, Volatile.Read(ref received));
        }

        // Runs to completion and returns stdout; stderr stays inherited so errors are seen.
        public static (int ExitStatus, string Output) Capture(string executable, IReadOnlyList<string> arguments)
        {
            using Process process = Start(Describe(executable, arguments, redirectOutput: true));
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }

        private static ProcessStartInfo Describe(string executable, IReadOnlyList<string> arguments, bool redirectOutput)
        {
            ProcessStartInfo info = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = redirectOutput,
            };
            foreach (string argument in arguments)
                info.ArgumentList.Add(argument);
            return info;
        }

        private static Process Start(ProcessStartInfo info)
        {
            try
            {
                return Process.Start(info) ?? throw new ToolError("could not start " + info.FileName + ".");
            }
            catch (Win32Exception e)
            {
                throw new ToolError("could not start " + info.FileName + ": " + e.Message);
            }
        }

        private static void Stop(Process process)
        {
            SendTerminate(process);
            if (process.WaitForExit(TerminateGraceMilliseconds))
                return;
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        private static void SendTerminate(Process process)
        {
            if (!process.HasExited)
                kill(process.Id, SignalTerminate);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }
}
