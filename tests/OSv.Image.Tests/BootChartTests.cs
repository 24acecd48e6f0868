// The boot chart (kernel option --bootchart, OSv.Core/Boot/BootChart.Metal.cs): with the option,
// Hello prints one "bootchart:" line per boot milestone before Main's first line, in boot order,
// with times that never go back; without it, nothing. No timing thresholds: times vary with load.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class BootChartTests
    {
        private const string Prefix = "bootchart: ";
        private const string Greeting = "Hello from OSv.NET (metal)!";

        // A subsequence of the milestones, in the order boot reaches them.
        private static readonly string[] MilestonesInOrder =
        {
            "entry",
            "console, exception handlers",
            "runtime: object memory",
            "runtime: collector's tables",
            "runtime: type manager",
            "runtime: frozen segment",
            "runtime: InitializeModules (GC statics, eager class constructors)",
            "runtime: CoreLib's library initializer",
            "runtime: TypeLoader's library initializer",
            "runtime: Reflection.Execution's library initializer",
            "physical memory",
            "PIC, local APIC",
            "clock, scheduler, interrupts on",
            "SMP start",
            "runtime: the collector's heap takes allocation",
            "runtime: finalizer thread",
            "runtime: PAL",
            "Main",
        };

        private static CommandResult RunHello(params string[] osvOptions)
        {
            var all = new List<string> { "run", Images.Hello, "--timeout", "60" };
            all.AddRange(osvOptions);
            return Repository.Osv(all.ToArray());
        }

        [Fact]
        public void BootChartOption_MilestonesInBootOrder_TimesNeverDecrease()
        {
            CommandResult result = RunHello("--kernel-args", "--bootchart");
            Assert.True(result.ExitCode == 0, result.Describe());
            List<(double Milliseconds, string Name)> milestones = ParseMilestones(result.Lines);
            string[] names = milestones.Select(m => m.Name).ToArray();
            int searchFrom = 0;
            foreach (string expected in MilestonesInOrder)
            {
                int found = Array.IndexOf(names, expected, searchFrom);
                Assert.True(found >= 0, "milestone '" + expected + "' missing or out of order\n" + result.Describe());
                searchFrom = found + 1;
            }
            Assert.Equal("Main", names[^1]);
            for (int i = 1; i < milestones.Count; i++)
                Assert.True(milestones[i].Milliseconds >= milestones[i - 1].Milliseconds, "time went back at '" + names[i] + "'\n" + result.Describe());
        }

        [Fact]
        public void BootChartOption_ChartComesBeforeMainsFirstLine()
        {
            CommandResult result = RunHello("--kernel-args", "--bootchart");
            List<string> lines = result.Lines.ToList();
            int lastChartLine = lines.FindLastIndex(line => line.StartsWith(Prefix, StringComparison.Ordinal));
            int greeting = lines.IndexOf(Greeting);
            Assert.True(lastChartLine >= 0 && greeting > lastChartLine, result.Describe());
            Assert.Contains(lines, line => line.StartsWith(Prefix + "TSC ", StringComparison.Ordinal) && line.EndsWith(" us", StringComparison.Ordinal));
        }

        [Fact]
        public void NoOption_NoChart()
        {
            CommandResult result = RunHello();
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains(Greeting, result.Lines);
            Assert.DoesNotContain(result.Lines, line => line.Contains("bootchart", StringComparison.Ordinal));
        }

        // "bootchart:    12.345 ms (+   0.123)  name" → (12.345, name); the TSC line is skipped.
        private static List<(double, string)> ParseMilestones(string[] lines)
        {
            var milestones = new List<(double, string)>();
            foreach (string line in lines)
            {
                if (!line.StartsWith(Prefix, StringComparison.Ordinal) || line.StartsWith(Prefix + "TSC ", StringComparison.Ordinal))
                    continue;
                string rest = line.Substring(Prefix.Length);
                int unit = rest.IndexOf(" ms (+", StringComparison.Ordinal);
                int close = rest.IndexOf(")  ", StringComparison.Ordinal);
                Assert.True(unit > 0 && close > unit, "malformed chart line: " + line);
                double milliseconds = double.Parse(rest.Substring(0, unit).Trim(), CultureInfo.InvariantCulture);
                milestones.Add((milliseconds, rest.Substring(close + 3)));
            }
            return milestones;
        }
    }
}
