// The layout every printf conversion shares: [spaces][sign and prefix][zeros][body][spaces].
// Width pads on the left with spaces, on the right with '-', or with zeros between the prefix and
// the body when '0' is given and the conversion allows it (C11 7.21.6.1p6). Callers emit the body
// themselves, in pieces, between Begin and End.
namespace OSv.Libc.Format
{
    using System;

    internal static class FieldLayout
    {
        /// <summary>Writes what precedes the body; returns the spaces still owed after it.</summary>
        public static long Begin<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec,
            ReadOnlySpan<byte> prefix, long bodyLength, bool zeroPadAllowed)
            where TSink : struct, IFormatSink
        {
            long padding = spec.Width - prefix.Length - bodyLength;
            if (padding < 0)
                padding = 0;
            if (spec.LeftAlign)
            {
                writer.Write(prefix);
                return padding;
            }
            if (spec.ZeroPad && zeroPadAllowed)
            {
                writer.Write(prefix);
                writer.WriteRepeated((byte)'0', padding);
                return 0;
            }
            writer.WriteRepeated((byte)' ', padding);
            writer.Write(prefix);
            return 0;
        }

        public static void End<TSink>(ref FormatWriter<TSink> writer, long trailingSpaces)
            where TSink : struct, IFormatSink
            => writer.WriteRepeated((byte)' ', trailingSpaces);

        /// <summary>The sign character of a number, or 0 for none.</summary>
        public static byte SignOf(ref ConversionSpec spec, bool negative)
        {
            if (negative)
                return (byte)'-';
            if (spec.ForceSign)
                return (byte)'+';
            return spec.SpaceSign ? (byte)' ' : (byte)0;
        }
    }
}
