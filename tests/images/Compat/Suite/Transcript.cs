// What a compatibility body observed, as text lines that must be identical hosted and in an image.
//
// Why text: the image test only sees the serial console, so the contract between the two runs is
// the printed transcript; comparing text also makes a mismatch readable in a diff. Rules for
// bodies (so that a transcript is deterministic): no timings, no addresses, no thread ids, no hash
// codes of strings (randomised per process), no messages written by the base library (an image may
// be built with resource keys instead of messages), no output ordered by thread scheduling. Bodies
// that use other threads collect results and write them from the body's own thread.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Compat.Suite
{
    public sealed class Transcript
    {
        private readonly List<string> lines = new List<string>();
        private string bodyName = "";

        public IReadOnlyList<string> Lines => lines;

        internal void BeginBody(string name) => bodyName = name;

        /// <summary>Adds "body: text".</summary>
        public void Line(string text)
        {
            lock (lines)
                lines.Add(bodyName + ": " + text);
        }

        /// <summary>Adds "body: label = value", the value shown by <see cref="Show"/>.</summary>
        public void Line(string label, object? value) => Line(label + " = " + Show(value));

        /// <summary>
        /// Culture-invariant text of a value: numbers in the invariant culture, booleans as
        /// True/False, null as "null", sequences as "[a, b, c]" (nested sequences too).
        /// </summary>
        public static string Show(object? value)
        {
            var builder = new StringBuilder();
            Append(builder, value, depth: 0);
            return builder.ToString();
        }

        private const int NestingDepthMax = 8;

        private static void Append(StringBuilder builder, object? value, int depth)
        {
            switch (value)
            {
                case null:
                    builder.Append("null");
                    return;
                case string text:
                    builder.Append(text);
                    return;
                case bool flag:
                    builder.Append(flag ? "True" : "False");
                    return;
                case IFormattable formattable:
                    builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                    return;
                case IEnumerable sequence when depth < NestingDepthMax:
                    AppendSequence(builder, sequence, depth);
                    return;
                default:
                    builder.Append(value.ToString());
                    return;
            }
        }

        private static void AppendSequence(StringBuilder builder, IEnumerable sequence, int depth)
        {
            builder.Append('[');
            var first = true;
            foreach (var item in sequence)
            {
                if (!first)
                    builder.Append(", ");
                first = false;
                Append(builder, item, depth + 1);
            }
            builder.Append(']');
        }
    }
}
