// A failure the user can act on: its message is printed as "osv: message" and the tool exits
// with ExitCode. Anything else that escapes is a bug in the tool and shows a stack trace.
using System;

namespace OSv.Tool
{
    internal sealed class ToolError : Exception
    {
        public ToolError(string message, int exitCode = 1)
            : base(message)
        {
            ExitCode = exitCode;
        }

        public int ExitCode { get; }
    }

    internal static class Log
    {
        public const string Prefix = "osv: ";

        // Every message of the tool goes to stderr, so stdout carries only results (an image
        // path) and the guest's console.
        public static void Error(string message) => Console.Error.WriteLine(Prefix + message);

        public static int Fail(ToolError error)
        {
            Error(error.Message);
            return error.ExitCode;
        }
    }
}
