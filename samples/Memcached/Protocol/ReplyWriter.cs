// Replies of the memcached text protocol (doc/protocol.txt), written into the caller's buffer.
//
// Every method writes one whole piece or nothing: it measures first, and returns false with
// bytesWritten = 0 when the destination is too small, so the caller flushes what it has and
// calls again with the emptied buffer (Garnet's writers work the same way). A reply may take
// several pieces (a VALUE line, its data block, the next VALUE, "END"); the connection is a byte
// stream, so a flush between pieces is invisible to the client. Nothing allocates: fixed lines
// are UTF-8 literals in the image's read-only data, numbers are formatted by hand (AsciiNumber).
//
// Formats, with where protocol.txt defines them (the reply texts are memcached 1.6.18's):
//   VALUE <key> <flags> <bytes> [<cas unique>]\r\n   then <data block>\r\n  ("Retrieval command")
//   END STORED NOT_STORED EXISTS NOT_FOUND DELETED TOUCHED OK ERROR, each + \r\n
//   <value>\r\n                          incr/decr's new value ("Increment/Decrement")
//   VERSION <version>\r\n
//   STAT <name> <value>\r\n              stats lines, then END ("General-purpose statistics")
//   CLIENT_ERROR <error>\r\n, SERVER_ERROR <error>\r\n   ("Error strings")
//   Meta ("Meta Commands"): a two-letter code, then return flags, each " " + letter + value, and
//   "\r\n". HD (success), VA <size> (a value follows, then <data block>\r\n), EN (miss), NF (not
//   found), NS (not stored), EX (exists: CAS mismatch), MN (the no-op). The caller composes:
//   TryWriteMetaStatus or TryWriteMetaValue, any TryWriteMetaFlag calls (opaque tokens are echoed
//   verbatim with TryWriteMetaFlagToken), then TryWriteLineEnd.
//   me's reply: ME <key> exp=<s> la=<s> cas=<n> fetch=<yes|no> cls=<n> size=<n>\r\n
using System;

namespace Memcached.Protocol
{
    // Replies that are one fixed line.
    public enum Reply : byte
    {
        End,
        Stored,
        NotStored,
        Exists,
        NotFound,
        Deleted,
        Touched,
        Ok,
        Error,
        Reset,
        MetaHeader,   // HD
        MetaMiss,     // EN
        MetaNotFound, // NF
        MetaNotStored, // NS
        MetaExists,   // EX
        MetaNoOp,     // MN
    }

    // The two-letter meta status codes, without line end (return flags may follow).
    public enum MetaStatus : byte
    {
        Header,
        Miss,
        NotFound,
        NotStored,
        Exists,
        NoOp,
    }

    public static class ReplyWriter
    {
        // The longest VALUE line: "VALUE " key " " flags " " bytes " " cas "\r\n". A buffer this
        // long takes any VALUE line, fixed line, number or meta status and flag.
        public const int ValueLineBytesMax = 6 + Limits.KeyLengthMax + 1 + 10 + 1 + 10 + 1 + AsciiNumber.UInt64DigitsMax + 2;

        private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

        public static ReadOnlySpan<byte> LineOf(Reply reply)
        {
            switch (reply)
            {
                case Reply.End: return "END\r\n"u8;
                case Reply.Stored: return "STORED\r\n"u8;
                case Reply.NotStored: return "NOT_STORED\r\n"u8;
                case Reply.Exists: return "EXISTS\r\n"u8;
                case Reply.NotFound: return "NOT_FOUND\r\n"u8;
                case Reply.Deleted: return "DELETED\r\n"u8;
                case Reply.Touched: return "TOUCHED\r\n"u8;
                case Reply.Ok: return "OK\r\n"u8;
                case Reply.Error: return "ERROR\r\n"u8;
                case Reply.Reset: return "RESET\r\n"u8;
                case Reply.MetaHeader: return "HD\r\n"u8;
                case Reply.MetaMiss: return "EN\r\n"u8;
                case Reply.MetaNotFound: return "NF\r\n"u8;
                case Reply.MetaNotStored: return "NS\r\n"u8;
                case Reply.MetaExists: return "EX\r\n"u8;
                default: return "MN\r\n"u8;
            }
        }

        public static bool TryWrite(Span<byte> destination, Reply reply, out int bytesWritten) =>
            TryCopy(destination, LineOf(reply), out bytesWritten);

        // The reply for a request the parser refused (MalformedReplies.LineOf).
        public static bool TryWriteMalformed(Span<byte> destination, MalformedReason reason, out int bytesWritten) =>
            TryCopy(destination, MalformedReplies.LineOf(reason), out bytesWritten);

        // VALUE <key> <flags> <bytes>\r\n (get, gat)
        public static bool TryWriteValue(Span<byte> destination, ReadOnlySpan<byte> key, uint flags, int dataLength,
            out int bytesWritten) =>
            TryWriteValue(destination, key, flags, dataLength, 0, false, out bytesWritten);

        // VALUE <key> <flags> <bytes> <cas unique>\r\n (gets, gats)
        public static bool TryWriteValue(Span<byte> destination, ReadOnlySpan<byte> key, uint flags, int dataLength,
            ulong casUnique, out int bytesWritten) =>
            TryWriteValue(destination, key, flags, dataLength, casUnique, true, out bytesWritten);

        private static bool TryWriteValue(Span<byte> destination, ReadOnlySpan<byte> key, uint flags, int dataLength,
            ulong casUnique, bool withCas, out int bytesWritten)
        {
            int length = 6 + key.Length + 1 + AsciiNumber.CountDigits(flags) + 1 + AsciiNumber.CountDigits((ulong)dataLength) + 2;
            if (withCas)
                length += 1 + AsciiNumber.CountDigits(casUnique);
            LineBuilder line = new LineBuilder(destination, length);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append("VALUE "u8);
            line.Append(key);
            line.AppendSpaceAndNumber(flags);
            line.AppendSpaceAndNumber((ulong)dataLength);
            if (withCas)
                line.AppendSpaceAndNumber(casUnique);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        // <data block>\r\n, after a VALUE or VA line.
        public static bool TryWriteDataBlock(Span<byte> destination, ReadOnlySpan<byte> data, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, data.Length + 2);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append(data);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        // incr/decr's result: <value>\r\n
        public static bool TryWriteNumber(Span<byte> destination, ulong value, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, AsciiNumber.CountDigits(value) + 2);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.AppendNumber(value);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        public static bool TryWriteVersion(Span<byte> destination, ReadOnlySpan<byte> version, out int bytesWritten) =>
            TryWritePrefixed(destination, "VERSION "u8, version, out bytesWritten);

        public static bool TryWriteClientError(Span<byte> destination, ReadOnlySpan<byte> message, out int bytesWritten) =>
            TryWritePrefixed(destination, "CLIENT_ERROR "u8, message, out bytesWritten);

        public static bool TryWriteServerError(Span<byte> destination, ReadOnlySpan<byte> message, out int bytesWritten) =>
            TryWritePrefixed(destination, "SERVER_ERROR "u8, message, out bytesWritten);

        // STAT <name> <value>\r\n
        public static bool TryWriteStat(Span<byte> destination, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value,
            out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, 5 + name.Length + 1 + value.Length + 2);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append("STAT "u8);
            line.Append(name);
            line.Append(" "u8);
            line.Append(value);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        public static bool TryWriteStat(Span<byte> destination, ReadOnlySpan<byte> name, ulong value, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, 5 + name.Length + 1 + AsciiNumber.CountDigits(value) + 2);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append("STAT "u8);
            line.Append(name);
            line.AppendSpaceAndNumber(value);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        public static bool TryWriteStat(Span<byte> destination, ReadOnlySpan<byte> name, long value, out int bytesWritten)
        {
            if (value >= 0)
                return TryWriteStat(destination, name, (ulong)value, out bytesWritten);
            LineBuilder line = new LineBuilder(destination, 5 + name.Length + 2 + AsciiNumber.CountDigits(0UL - (ulong)value) + 2);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append("STAT "u8);
            line.Append(name);
            line.Append(" "u8);
            line.AppendSignedNumber(value);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        // A meta reply's two-letter code, without line end.
        public static bool TryWriteMetaStatus(Span<byte> destination, MetaStatus status, out int bytesWritten)
        {
            ReadOnlySpan<byte> code = status switch
            {
                MetaStatus.Header => "HD"u8,
                MetaStatus.Miss => "EN"u8,
                MetaStatus.NotFound => "NF"u8,
                MetaStatus.NotStored => "NS"u8,
                MetaStatus.Exists => "EX"u8,
                _ => "MN"u8,
            };
            return TryCopy(destination, code, out bytesWritten);
        }

        // "VA <size>", the start of a meta reply that carries a value.
        public static bool TryWriteMetaValue(Span<byte> destination, int valueLength, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, 3 + AsciiNumber.CountDigits((ulong)valueLength));
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append("VA "u8);
            line.AppendNumber((ulong)valueLength);
            return line.Finish(out bytesWritten);
        }

        // A return flag without a value: " W", " X", " Z".
        public static bool TryWriteMetaFlag(Span<byte> destination, byte flag, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, 2);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.AppendSpaceAndByte(flag);
            return line.Finish(out bytesWritten);
        }

        // A numeric return flag: " c123", " s5", " f0".
        public static bool TryWriteMetaFlag(Span<byte> destination, byte flag, ulong value, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, 2 + AsciiNumber.CountDigits(value));
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.AppendSpaceAndByte(flag);
            line.AppendNumber(value);
            return line.Finish(out bytesWritten);
        }

        // A signed numeric return flag: " t-1" (no expiry), " t30".
        public static bool TryWriteMetaFlag(Span<byte> destination, byte flag, long value, out int bytesWritten)
        {
            if (value >= 0)
                return TryWriteMetaFlag(destination, flag, (ulong)value, out bytesWritten);
            LineBuilder line = new LineBuilder(destination, 3 + AsciiNumber.CountDigits(0UL - (ulong)value));
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.AppendSpaceAndByte(flag);
            line.AppendSignedNumber(value);
            return line.Finish(out bytesWritten);
        }

        // A return flag with bytes: " k<key>".
        public static bool TryWriteMetaFlag(Span<byte> destination, byte flag, ReadOnlySpan<byte> value, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, 2 + value.Length);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.AppendSpaceAndByte(flag);
            line.Append(value);
            return line.Finish(out bytesWritten);
        }

        // A request's flag token echoed as it came (the opaque: " O123").
        public static bool TryWriteMetaFlagToken(Span<byte> destination, ReadOnlySpan<byte> token, out int bytesWritten) =>
            TryWritePrefixedNoLineEnd(destination, " "u8, token, out bytesWritten);

        public static bool TryWriteLineEnd(Span<byte> destination, out int bytesWritten) =>
            TryCopy(destination, LineEnd, out bytesWritten);

        // me's reply. exptime is -1 for an item that never expires (as memcached prints it).
        public static bool TryWriteMetaDebug(Span<byte> destination, ReadOnlySpan<byte> key, long exptime,
            ulong lastAccess, ulong casUnique, bool fetched, uint slabClass, ulong size, out int bytesWritten)
        {
            int exptimeLength = exptime < 0 ? 1 + AsciiNumber.CountDigits(0UL - (ulong)exptime) : AsciiNumber.CountDigits((ulong)exptime);
            int length = 3 + key.Length + 5 + exptimeLength + 4 + AsciiNumber.CountDigits(lastAccess) +
                5 + AsciiNumber.CountDigits(casUnique) + 7 + (fetched ? 3 : 2) + 5 + AsciiNumber.CountDigits(slabClass) +
                6 + AsciiNumber.CountDigits(size) + 2;
            LineBuilder line = new LineBuilder(destination, length);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append("ME "u8);
            line.Append(key);
            line.Append(" exp="u8);
            line.AppendSignedNumber(exptime);
            line.Append(" la="u8);
            line.AppendNumber(lastAccess);
            line.Append(" cas="u8);
            line.AppendNumber(casUnique);
            line.Append(fetched ? " fetch=yes"u8 : " fetch=no"u8);
            line.Append(" cls="u8);
            line.AppendNumber(slabClass);
            line.Append(" size="u8);
            line.AppendNumber(size);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        private static bool TryWritePrefixed(Span<byte> destination, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> text,
            out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, prefix.Length + text.Length + 2);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append(prefix);
            line.Append(text);
            line.Append(LineEnd);
            return line.Finish(out bytesWritten);
        }

        private static bool TryWritePrefixedNoLineEnd(Span<byte> destination, ReadOnlySpan<byte> prefix,
            ReadOnlySpan<byte> text, out int bytesWritten)
        {
            LineBuilder line = new LineBuilder(destination, prefix.Length + text.Length);
            if (!line.Fits)
                return Fail(out bytesWritten);
            line.Append(prefix);
            line.Append(text);
            return line.Finish(out bytesWritten);
        }

        private static bool TryCopy(Span<byte> destination, ReadOnlySpan<byte> bytes, out int bytesWritten)
        {
            bytesWritten = 0;
            if (!bytes.TryCopyTo(destination))
                return false;
            bytesWritten = bytes.Length;
            return true;
        }

        private static bool Fail(out int bytesWritten)
        {
            bytesWritten = 0;
            return false;
        }

        // Appends pieces of a line whose total length was measured first: once Fits, no append
        // can run out of room (the span indexer's check stays as a backstop), and Finish checks
        // that the measure and the pieces agree.
        private ref struct LineBuilder
        {
            private readonly Span<byte> _destination;
            private readonly int _length;
            private int _position;

            public LineBuilder(Span<byte> destination, int length)
            {
                _destination = destination;
                _length = length;
                _position = 0;
            }

            public readonly bool Fits => _length <= _destination.Length;

            public void Append(ReadOnlySpan<byte> bytes)
            {
                bytes.CopyTo(_destination.Slice(_position));
                _position += bytes.Length;
            }

            public void AppendSpaceAndByte(byte value)
            {
                _destination[_position] = (byte)' ';
                _destination[_position + 1] = value;
                _position += 2;
            }

            public void AppendSpaceAndNumber(ulong value)
            {
                _destination[_position] = (byte)' ';
                _position++;
                AppendNumber(value);
            }

            public void AppendNumber(ulong value)
            {
                AsciiNumber.TryFormat(value, _destination.Slice(_position), out int written);
                _position += written;
            }

            public void AppendSignedNumber(long value)
            {
                AsciiNumber.TryFormat(value, _destination.Slice(_position), out int written);
                _position += written;
            }

            public readonly bool Finish(out int bytesWritten)
            {
                if (_position != _length)
                    ThrowMeasuredWrong();
                bytesWritten = _position;
                return true;
            }

            private static void ThrowMeasuredWrong() =>
                throw new InvalidOperationException("ReplyWriter: a reply's measured length is wrong");
        }
    }
}
