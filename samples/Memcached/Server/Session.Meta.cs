// The meta commands (protocol.txt, "Meta Commands"): mg, ms, md, ma, mn, me.
// PLACEHOLDER until the meta executor lands: every meta command is answered
// "SERVER_ERROR meta commands not supported" (a clear refusal, never a silent success).
using System;
using Memcached.Protocol;

namespace Memcached.Server
{
    public sealed partial class Session
    {
        private static ReadOnlySpan<byte> MetaUnsupportedLine => "SERVER_ERROR meta commands not supported\r\n"u8;

        private void ExecuteMeta(ref Command command, ReadOnlySpan<byte> data) => AppendReply(MetaUnsupportedLine);

        // A meta set whose block exceeds the item size limit.
        private void RefuseOversizedMetaSet(ref Command command, ReadOnlySpan<byte> data) => AppendReply(TooLargeLine);
    }
}
