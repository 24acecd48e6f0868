// The outcome of parsing one request from the front of the received bytes (style rule 7:
// Parsed, NeedMore or Malformed; no exceptions, no allocation).
//
//   Parsed     the request is complete: Command describes it, ConsumedBytes covers its line and,
//              for storage commands, its data block and the "\r\n" after it.
//   NeedMore   the request is not complete yet; nothing is consumed. Once the command line is in
//              and only the data block is missing, BytesNeeded says how long the whole request
//              is, so a caller with a small buffer can make room (or stream the block).
//              The command is filled in then, so a server can refuse an item too large for it
//              at once (and discard the block, as memcached's conn_swallow does).
//   Malformed  the caller answers MalformedReplies.LineOf(Reason), unless SuppressReply, then
//              drops ConsumedBytes and parses on. Two cases need more from the caller:
//              - ClosesConnection (LineTooLong): no line end within Limits.LineLengthMax bytes, so
//                there is nothing to resynchronise on; answer and close, as memcached closes.
//              - DiscardBytes > 0: a meta set refused after its <datalen> was read. memcached
//                swallows the data block and its "\r\n" without looking at them, and so must the
//                caller: after ConsumedBytes (the line), DiscardBytes more, as they arrive.
// ConsumedBytes never exceeds the input's length.
//
// SuppressReply mirrors memcached's out_string: once it has seen "noreply" at the end of a line
// it sends nothing for that command, errors included (protocol.txt, Storage commands: "if the
// request line is malformed, the server can't parse "noreply" option reliably").
namespace Memcached.Protocol
{
    public enum ParseStatus : byte
    {
        Parsed,
        NeedMore,
        Malformed,
    }

    public readonly struct ParseResult
    {
        public readonly ParseStatus Status;
        public readonly MalformedReason Reason;
        public readonly bool SuppressReply;
        public readonly int ConsumedBytes;
        public readonly int DiscardBytes;
        public readonly long BytesNeeded; // a line and a block of Limits.DataLengthMax exceed an int

        private ParseResult(ParseStatus status, MalformedReason reason, bool suppressReply, int consumedBytes,
            int discardBytes, long bytesNeeded)
        {
            Status = status;
            Reason = reason;
            SuppressReply = suppressReply;
            ConsumedBytes = consumedBytes;
            DiscardBytes = discardBytes;
            BytesNeeded = bytesNeeded;
        }

        public bool IsParsed => Status == ParseStatus.Parsed;

        public bool ClosesConnection => Reason == MalformedReason.LineTooLong;

        public ReplyKind ReplyKind => MalformedReplies.KindOf(Reason);

        public static ParseResult Parsed(int consumedBytes) =>
            new ParseResult(ParseStatus.Parsed, MalformedReason.None, false, consumedBytes, 0, 0);

        public static ParseResult NeedMore(long bytesNeeded) =>
            new ParseResult(ParseStatus.NeedMore, MalformedReason.None, false, 0, 0, bytesNeeded);

        public static ParseResult Malformed(MalformedReason reason, int consumedBytes, bool suppressReply) =>
            new ParseResult(ParseStatus.Malformed, reason, suppressReply, consumedBytes, 0, 0);

        // A meta set refused after its line: the line is consumed, its data block discarded.
        public static ParseResult MalformedDiscarding(MalformedReason reason, int consumedBytes, int discardBytes) =>
            new ParseResult(ParseStatus.Malformed, reason, false, consumedBytes, discardBytes, 0);
    }
}
