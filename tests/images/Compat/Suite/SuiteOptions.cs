// The command line of the compatibility app: which areas to run and the GC stress parameters.
//
//   Compat [area ...] [--heap-mb N] [--factor N] [--threads N]
//
// No area named runs every area whose RunByDefault is true. The stress parameters only matter to
// "gcstress": allocate factor × heap-mb megabytes of short-lived objects on `threads` threads.
// The transcript of gcstress does not depend on them, so one expected file serves every size.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Compat.Suite
{
    public sealed record GcStressParameters(int HeapMegabytes, int Factor, int AllocatingThreads)
    {
        /// <summary>Small enough for the hosted test run (a few seconds).</summary>
        public static GcStressParameters Default { get; } = new GcStressParameters(HeapMegabytes: 16, Factor: 4, AllocatingThreads: 3);

        public const int ParameterMax = 100_000;
    }

    public sealed record SuiteOptions(IReadOnlyList<string> AreaNames, GcStressParameters Stress)
    {
        /// <summary>Parses the arguments; returns null and an error text when they are malformed.</summary>
        public static SuiteOptions? Parse(string[] arguments, out string error)
        {
            var areaNames = new List<string>();
            var stress = GcStressParameters.Default;
            error = "";
            for (var index = 0; index < arguments.Length; index++)
            {
                var argument = arguments[index];
                if (!argument.StartsWith("--", StringComparison.Ordinal))
                {
                    areaNames.Add(argument);
                    continue;
                }
                if (index + 1 >= arguments.Length || !TryParseCount(arguments[index + 1], out var value))
                {
                    error = "option " + argument + " needs a count between 1 and " + GcStressParameters.ParameterMax;
                    return null;
                }
                index++;
                switch (argument)
                {
                    case "--heap-mb": stress = stress with { HeapMegabytes = value }; break;
                    case "--factor": stress = stress with { Factor = value }; break;
                    case "--threads": stress = stress with { AllocatingThreads = value }; break;
                    default:
                        error = "unknown option " + argument;
                        return null;
                }
            }
            return new SuiteOptions(areaNames, stress);
        }

        private static bool TryParseCount(string text, out int value) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= 1 && value <= GcStressParameters.ParameterMax;
    }
}
