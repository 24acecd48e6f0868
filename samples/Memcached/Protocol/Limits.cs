// Bounds of the memcached text protocol, in one place (style rule 3). The first group is
// memcached's own (doc/protocol.txt, and memcached 1.6.18's proto_text.c where the document is
// silent), so that a request is accepted or refused exactly where memcached draws the line; the
// second group is ours, the price of parsing into a fixed-size Command with no allocation.
namespace Memcached.Protocol
{
    public static class Limits
    {
        // protocol.txt, "Keys": "the length limit of a key is set at 250 characters".
        // memcached's KEY_MAX_LENGTH.
        public const int KeyLengthMax = 250;

        // A command line (without its "\n") may hold this many bytes. memcached closes a
        // connection whose buffered input exceeds 2048 bytes without a newline (try_read_command_ascii).
        public const int LineLengthMax = 2048;

        // memcached tokenizes a line into at most MAX_TOKENS = 24 tokens, the last being the
        // empty terminal token; token counts in its checks (WANT_TOKENS) include that terminal.
        // A line's 24th and later tokens are never looked at, except by get, which re-tokenizes.
        public const int MemcachedTokensMax = 24;

        // Meta commands refuse more than MFLAG_MAX_OPT_LENGTH = 20 tokens (terminal included):
        // at most 19 words, so 17 flags after "mg <key>" and 16 after "ms <key> <datalen>".
        public const int MetaTokensMax = 20;

        // An opaque flag ("O" and its token) echoed back is at most 32 bytes
        // (MFLAG_MAX_OPAQUE_LENGTH).
        public const int OpaqueFlagLengthMax = 32;

        // A data block's <bytes> is a signed 32-bit number; memcached adds 2 for "\r\n" and
        // refuses lengths that would overflow (vlen > INT_MAX - 2).
        public const int DataLengthMax = int.MaxValue - 2;

        // Ours: keys one get/gets/gat/gats may name. memcached has no bound (it re-tokenizes long
        // lines); a longer request is refused with TooManyKeys. 64 keys of 30 bytes fill a line.
        public const int KeysPerRequestMax = 64;

        // Ours: the tokens a Command records. The most a line needs: "gat <exptime>" and
        // KeysPerRequestMax keys. A meta command needs at most MetaTokensMax - 1; the others 7.
        public const int CommandTokensMax = KeysPerRequestMax + 2;

        // Compile-time relations (a false one makes the constant 256, which a byte cannot hold).
        private const byte TokensHoldGatKeys = CommandTokensMax >= KeysPerRequestMax + 2 ? 0 : 256;
        private const byte TokensHoldMetaFlags = CommandTokensMax >= MetaTokensMax - 1 ? 0 : 256;
        private const byte TokensHoldStorageLine = CommandTokensMax >= MemcachedTokensMax - 1 ? 0 : 256;
        private const byte KeyFitsLine = KeyLengthMax + 4 <= LineLengthMax ? 0 : 256;
    }
}
