// The text passed to QEMU's -append: "[kernel options] -- arg1 arg2 …". Application arguments
// are quoted exactly the way OSv.Core/Boot/CommandLine.cs splits them back: a word that is
// empty or holds a space, tab, newline, quote or backslash goes in double quotes, with `"` and
// `\` escaped by a backslash. The "--" is always written, so no application argument is ever
// taken for a kernel option.
using System;
using System.Collections.Generic;
using System.Text;

namespace OSv.Tool
{
    internal static class KernelCommandLine
    {
        // The kernel reads at most this many bytes (CommandLine.LengthBytesMax) and drops the rest.
        public const int LengthBytesMax = 4096;

        public const string Separator = "--";

        public static string Build(string? kernelOptions, IReadOnlyList<string> applicationArguments)
        {
            StringBuilder text = new StringBuilder();
            if (!string.IsNullOrWhiteSpace(kernelOptions))
                text.Append(kernelOptions.Trim()).Append(' ');
            text.Append(Separator);
            foreach (string argument in applicationArguments)
                text.Append(' ').Append(Quote(argument));
            return text.ToString();
        }

        // The program's environment travels as kernel options "--env=NAME=VALUE" (as in OSv), each
        // quoted like an argument, after any options given as text.
        public static string? WithEnvironment(string? kernelOptions, IReadOnlyList<string> variables)
        {
            if (variables.Count == 0)
                return kernelOptions;
            StringBuilder text = new StringBuilder(kernelOptions?.Trim() ?? "");
            foreach (string variable in variables)
            {
                if (text.Length > 0)
                    text.Append(' ');
                text.Append(Quote(EnvironmentPrefix + variable));
            }
            return text.ToString();
        }

        public const string EnvironmentPrefix = "--env=";

        public static string Quote(string word)
        {
            if (!NeedsQuotes(word))
                return word;
            StringBuilder quoted = new StringBuilder(word.Length + 2);
            quoted.Append('"');
            foreach (char c in word)
            {
                if (c == '"' || c == '\\')
                    quoted.Append('\\');
                quoted.Append(c);
            }
            return quoted.Append('"').ToString();
        }

        public static bool NeedsQuotes(string word)
        {
            if (word.Length == 0)
                return true;
            foreach (char c in word)
            {
                if (c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\\')
                    return true;
            }
            return false;
        }

        // The kernel sees bytes: QEMU passes the command line as UTF-8.
        public static int LengthBytes(string commandLine) => Encoding.UTF8.GetByteCount(commandLine);

        // The kernel stops a word at a NUL byte, so such an argument cannot arrive intact.
        public static bool IsRepresentable(string argument) => argument.IndexOf('\0') < 0;
    }
}
