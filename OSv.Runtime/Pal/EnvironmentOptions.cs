// The program's environment comes from the kernel command line, as in OSv: each kernel option
// "--env=NAME=VALUE" (before the "--"; `osv run --env NAME=VALUE` writes them) becomes a variable
// before Main. There is no parent process to inherit from, so nothing else is in it.
using System;

namespace OSv.Runtime.Pal
{
    internal static class EnvironmentOptions
    {
        public const string Prefix = "--env=";

        public enum Outcome
        {
            NotAnEnvironmentOption,
            Variable,
            Malformed,
        }

        // Splits "--env=NAME=VALUE" at the first '=' after the prefix. An empty name, or one
        // without "=VALUE", is malformed (the value may be empty, and may hold '=').
        public static Outcome Parse(string option, out string name, out string value)
        {
            name = "";
            value = "";
            if (!option.StartsWith(Prefix, StringComparison.Ordinal))
                return Outcome.NotAnEnvironmentOption;
            string assignment = option.Substring(Prefix.Length);
            int equals = assignment.IndexOf('=');
            if (equals <= 0)
                return Outcome.Malformed;
            name = assignment.Substring(0, equals);
            value = assignment.Substring(equals + 1);
            return Outcome.Variable;
        }

        // Sets every variable the options name, later ones replacing earlier ones. Returns the
        // options that could not be taken (malformed, a name or value Environment.Set refuses, or
        // a full table), for the caller to report; it never stops the boot.
        public static string[] Import(string[] kernelOptions)
        {
            string[] refused = new string[kernelOptions.Length];
            int refusedCount = 0;
            foreach (string option in kernelOptions)
            {
                Outcome outcome = Parse(option, out string name, out string value);
                if (outcome == Outcome.NotAnEnvironmentOption)
                    continue;
                if (outcome == Outcome.Malformed || !Environment.Set(name, value))
                    refused[refusedCount++] = option;
            }
            return refused.AsSpan(0, refusedCount).ToArray();
        }
    }
}
