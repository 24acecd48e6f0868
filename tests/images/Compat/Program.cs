// The compatibility app: runs the named areas (default: all but gcstress), prints
// "compat <area> <line>" for each transcript line and "compat done <bodies run>", and exits with
// the number of bodies that threw. tests/Compat.Tests runs the same bodies hosted; the image test
// boots this app on the real System.Private.CoreLib and compares its serial output with
// expected/<area>.txt (parse it with Suite/CompatSerialOutput.cs).
using System;
using System.Collections.Generic;
using Compat.Suite;

namespace Compat
{
    public static class Program
    {
        public const int UsageExitCode = 125;

        public static int Main(string[] args)
        {
            var options = SuiteOptions.Parse(args, out var error);
            if (options == null)
                return Usage(error);
            var allAreas = CompatAreas.All(options.Stress);
            var selected = Select(allAreas, options.AreaNames, out error);
            if (selected == null)
                return Usage(error);

            var bodiesRun = 0;
            var bodiesThrown = 0;
            foreach (var area in selected)
            {
                var prefix = CompatSerialOutput.LinePrefix + area.Name + " ";
                var result = SuiteRunner.Run(area, line => Console.WriteLine(prefix + line));
                bodiesRun += result.BodiesRun;
                bodiesThrown += result.BodiesThrown;
            }
            Console.WriteLine(CompatSerialOutput.LinePrefix + CompatSerialOutput.DoneArea + " " + bodiesRun);
            return bodiesThrown;
        }

        private static List<CompatArea>? Select(IReadOnlyList<CompatArea> allAreas, IReadOnlyList<string> names, out string error)
        {
            error = "";
            var selected = new List<CompatArea>();
            if (names.Count == 0)
            {
                foreach (var area in allAreas)
                {
                    if (area.RunByDefault)
                        selected.Add(area);
                }
                return selected;
            }
            foreach (var name in names)
            {
                var area = CompatAreas.Find(allAreas, name);
                if (area == null)
                {
                    error = "unknown area " + name;
                    return null;
                }
                selected.Add(area);
            }
            return selected;
        }

        private static int Usage(string error)
        {
            Console.WriteLine("compat usage: " + error);
            Console.WriteLine("compat usage: Compat [area ...] [--heap-mb N] [--factor N] [--threads N]");
            return UsageExitCode;
        }
    }
}
