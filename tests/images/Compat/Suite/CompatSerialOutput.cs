// Parses the compatibility app's console output (hosted stdout, or an image's serial console)
// back into per-area transcripts, for comparison with expected/<area>.txt.
//
// The app prints "compat <area> <transcript line>" for every line and "compat done <bodies run>"
// last. Every other line (kernel messages, QEMU noise) is ignored; CR LF from the serial port is
// accepted. This file depends on nothing but the base library so that test projects can link it
// (<Compile Include=".../Suite/CompatSerialOutput.cs" />) without referencing the app.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Compat.Suite
{
    public sealed class CompatSerialOutput
    {
        public const string LinePrefix = "compat ";
        public const string DoneArea = "done";

        private readonly Dictionary<string, List<string>> areas = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        /// <summary>Areas in the order their first line appeared.</summary>
        public List<string> AreaNames { get; } = new List<string>();

        /// <summary>The count of "compat done N", or null when the run did not finish.</summary>
        public int? BodiesRun { get; private set; }

        /// <summary>The area's transcript lines; empty when the area printed nothing.</summary>
        public IReadOnlyList<string> Transcript(string area) =>
            areas.TryGetValue(area, out var lines) ? lines : Array.Empty<string>();

        public static CompatSerialOutput Parse(string output)
        {
            var parsed = new CompatSerialOutput();
            foreach (var rawLine in output.Split('\n'))
                parsed.Add(rawLine.TrimEnd('\r'));
            return parsed;
        }

        private void Add(string line)
        {
            if (!line.StartsWith(LinePrefix, StringComparison.Ordinal))
                return;
            var rest = line.Substring(LinePrefix.Length);
            var space = rest.IndexOf(' ');
            if (space <= 0)
                return;
            var area = rest.Substring(0, space);
            var text = rest.Substring(space + 1);
            if (area == DoneArea)
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    BodiesRun = count;
                return;
            }
            if (!areas.TryGetValue(area, out var lines))
            {
                lines = new List<string>();
                areas.Add(area, lines);
                AreaNames.Add(area);
            }
            lines.Add(text);
        }

        /// <summary>
        /// Null when the transcripts are equal; otherwise the first difference, with its line
        /// number, for a test's failure message.
        /// </summary>
        public static string? FirstDifference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
        {
            var common = Math.Min(expected.Count, actual.Count);
            for (var index = 0; index < common; index++)
            {
                if (expected[index] != actual[index])
                    return "line " + (index + 1) + ":\n  expected: " + expected[index] + "\n  actual:   " + actual[index];
            }
            if (expected.Count == actual.Count)
                return null;
            return expected.Count > actual.Count
                ? "line " + (common + 1) + ": missing, expected: " + expected[common]
                : "line " + (common + 1) + ": extra, actual: " + actual[common];
        }

        /// <summary>
        /// Reads an expected transcript file (one line per transcript line; a final newline and
        /// CR LF line ends are accepted).
        /// </summary>
        public static IReadOnlyList<string> ParseExpectedFile(string contents)
        {
            var lines = new List<string>(contents.Replace("\r", "").Split('\n'));
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
                lines.RemoveAt(lines.Count - 1);
            return lines;
        }
    }
}
