// The meta commands (protocol.txt, "Meta Commands", as memcached 1.6.18 answers them): this file
// dispatches them and holds what they share; mg is in Session.MetaGet.cs, ms and md in
// Session.MetaSet.cs, ma in Session.MetaArithmetic.cs; mn and me are here.
//
// A meta reply is a two-letter code, return flags, "\r\n" and (VA) a data block. Return flags
// come in the order the request's flags came (memcached walks the tokens once and writes as it
// goes), and flags that change the item (T, N) take effect at their place in that walk, so
// "mg k t T30" shows the old TTL and "mg k T30 t" the new one; this engine walks the same way.
// The line is built in a per-session scratch buffer bounded by MetaLineBytesMax (below), then
// copied with its value into the reply queue in one piece, under the cache lock so that the
// value is copied before anything can replace it.
//
// Quiet mode ("q") hides the nominal reply only, as memcached 1.6.18 does (its protocol.txt):
// mg's EN; ms's HD; md's HD (NF is still sent: later memcached versions hide it too); ma's HD
// or VA. Errors and every other code are always sent. mn answers MN: replies are never held
// back here, so everything before it has already been queued.
//
// Keys: with "b" the key token is base64 and the store sees its decoding (Base64Key; the parser
// has checked it decodes). Echoed keys ("k") are the request's token followed by " b", except a
// hit of mg and me, which show the item's own key, base64-encoded when it was stored through a
// base64 key (memcached's ITEM_KEY_BINARY).
//
// No allocation: the scratch buffers are allocated with the session.
using System;
using Memcached.Protocol;
using Memcached.Store;
using OSv.Core.Diagnostics;

namespace Memcached.Server
{
    public sealed partial class Session
    {
        // A base64 text of a KeyLengthMax-byte key.
        private const int KeyBase64BytesMax = (Limits.KeyLengthMax + 2) / 3 * 4;

        // The longest return flag: " k" + encoded key + " b".
        private const int KeyReturnFlagBytesMax = 2 + KeyBase64BytesMax + 2;

        // Any other return flag: " " + a letter and a signed 64-bit number, or an opaque token.
        private const int ReturnFlagBytesMax = 1 + (Limits.OpaqueFlagLengthMax > 1 + 1 + AsciiNumber.UInt64DigitsMax
            ? Limits.OpaqueFlagLengthMax : 1 + 1 + AsciiNumber.UInt64DigitsMax);

        // "VA <size>", one key flag, a flag per token, " Z X W", "\r\n".
        private const int MetaLineBytesMax = 3 + AsciiNumber.UInt64DigitsMax + KeyReturnFlagBytesMax +
            Limits.MetaTokensMax * ReturnFlagBytesMax + 6 + 2;

        // me's line: "ME " key and six fields of at most "fetch=yes" or a name and a 64-bit number.
        private const int MetaDebugLineBytesMax = 3 + KeyBase64BytesMax + 6 * (7 + AsciiNumber.UInt64DigitsMax) + 2;

        // memcached's ITEM_ntotal beyond key and value: the 48-byte item header, the key's NUL,
        // the value's "\r\n" and the 8-byte CAS (me's "size"); client flags add 4 bytes when
        // not zero (memcached stores them only then).
        private const int MemcachedItemOverheadBytes = 48 + 1 + 2 + 8;
        private const int MemcachedClientFlagsBytes = 4;

        private static ReadOnlySpan<byte> OutOfMemoryWritingLine => "SERVER_ERROR out of memory writing get response\r\n"u8;

        private readonly byte[] metaKey = new byte[Limits.KeyLengthMax];
        private readonly byte[] metaKeyText = new byte[KeyBase64BytesMax];
        private readonly byte[] metaLine = new byte[MetaLineBytesMax > MetaDebugLineBytesMax ? MetaLineBytesMax : MetaDebugLineBytesMax];
        private readonly byte[] metaDigits = new byte[AsciiNumber.UInt64DigitsMax];
        private int metaLineLength;

        private void ExecuteMeta(ref Command command, ReadOnlySpan<byte> data)
        {
            switch (command.Opcode)
            {
                case Opcode.MetaGet:
                    ExecuteMetaGet(ref command, data);
                    break;
                case Opcode.MetaSet:
                    ExecuteMetaSet(ref command, data);
                    break;
                case Opcode.MetaDelete:
                    ExecuteMetaDelete(ref command, data);
                    break;
                case Opcode.MetaArithmetic:
                    ExecuteMetaArithmetic(ref command, data);
                    break;
                case Opcode.MetaNoOp:
                    AppendReply(ProtocolLine(Reply.MetaNoOp));
                    break;
                case Opcode.MetaDebug:
                    ExecuteMetaDebug(ref command, data);
                    break;
                default:
                    AppendReply(ProtocolLine(Reply.Error));
                    break;
            }
        }

        // me <key> [b]: ME <key> exp= la= cas= fetch= cls= size=, or EN. exp is memcached 1.6.18's
        // (now - expiry: negative while the item lives), -1 without expiry.
        private void ExecuteMetaDebug(ref Command command, ReadOnlySpan<byte> data)
        {
            ReadOnlySpan<byte> key = MetaKeyOf(ref command, data);
            cache.Lock();
            long now = cache.NowSeconds;
            ItemStore store = cache.Store;
            int item = store.MetaFind(key, now, countGet: false);
            if (item < 0)
            {
                cache.Unlock();
                AppendReply(ProtocolLine(Reply.MetaMiss));
                return;
            }
            long expiresAt = store.MetaExpiresAt(item);
            long exptime = expiresAt == Expiry.Never ? -1 : now - expiresAt;
            long idle = now - store.MetaLastAccess(item);
            MetaItemBits bits = store.MetaBitsOf(item);
            ItemView view = store.MetaView(item);
            ReadOnlySpan<byte> shown = ItemKeyText(store.MetaKey(item), (bits & MetaItemBits.BinaryKey) != 0);
            bool written = ReplyWriter.TryWriteMetaDebug(metaLine, shown, exptime, idle < 0 ? 0UL : (ulong)idle, view.Cas,
                (bits & MetaItemBits.Fetched) != 0, (uint)store.MetaSizeClassId(item),
                (ulong)(MemcachedItemOverheadBytes + key.Length + view.Value.Length + (view.Flags != 0 ? MemcachedClientFlagsBytes : 0)),
                out metaLineLength);
            cache.Unlock();
            Invariant.Assert(written, "meta: me line exceeds its bound");
            AppendReply(new ReadOnlySpan<byte>(metaLine, 0, metaLineLength));
        }

        // The key the store sees: the token, or its base64 decoding.
        private ReadOnlySpan<byte> MetaKeyOf(ref Command command, ReadOnlySpan<byte> data)
        {
            ReadOnlySpan<byte> token = command.Key.Of(data);
            if (!command.KeyIsBase64)
                return token;
            int length = Base64Key.Decode(token, metaKey);
            Invariant.Assert(length > 0, "meta: a base64 key the parser accepted does not decode");
            return new ReadOnlySpan<byte>(metaKey, 0, length);
        }

        // An item's key as a reply shows it: base64 text when it was stored through a "b" key.
        private ReadOnlySpan<byte> ItemKeyText(ReadOnlySpan<byte> key, bool binary)
        {
            if (!binary)
                return key;
            return new ReadOnlySpan<byte>(metaKeyText, 0, EncodeBase64(key, metaKeyText));
        }

        // Standard base64 with padding (RFC 4648, section 4), as memcached's base64_encode.
        private static int EncodeBase64(ReadOnlySpan<byte> raw, Span<byte> text)
        {
            ReadOnlySpan<byte> alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;
            int length = 0;
            for (int index = 0; index < raw.Length; index += 3)
            {
                int left = raw.Length - index;
                uint block = (uint)raw[index] << 16;
                if (left > 1)
                    block |= (uint)raw[index + 1] << 8;
                if (left > 2)
                    block |= raw[index + 2];
                text[length] = alphabet[(int)(block >> 18) & 63];
                text[length + 1] = alphabet[(int)(block >> 12) & 63];
                text[length + 2] = left > 1 ? alphabet[(int)(block >> 6) & 63] : (byte)'=';
                text[length + 3] = left > 2 ? alphabet[(int)block & 63] : (byte)'=';
                length += 4;
            }
            return length;
        }

        // A flag token's number (the parser checked every one).
        private static int MetaTokenInt32(ReadOnlySpan<byte> token)
        {
            AsciiNumber.TryParseInt32(token.Slice(1), out int value);
            return value;
        }

        private static ulong MetaTokenUInt64(ReadOnlySpan<byte> token)
        {
            AsciiNumber.TryParseUInt64(token.Slice(1), out ulong value);
            return value;
        }

        // ---- the reply line, built in metaLine ----

        private Span<byte> MetaLineRest => new Span<byte>(metaLine, metaLineLength, metaLine.Length - metaLineLength);

        private void MetaLineBegin(MetaStatus status)
        {
            ReplyWriter.TryWriteMetaStatus(metaLine, status, out metaLineLength);
        }

        private void MetaLineBeginValue(int valueLength)
        {
            ReplyWriter.TryWriteMetaValue(metaLine, valueLength, out metaLineLength);
        }

        private void MetaLineAdvance(bool written, int bytes)
        {
            Invariant.Assert(written, "meta: reply line exceeds MetaLineBytesMax");
            metaLineLength += bytes;
        }

        private void MetaLineFlag(byte flag)
        {
            bool written = ReplyWriter.TryWriteMetaFlag(MetaLineRest, flag, out int bytes);
            MetaLineAdvance(written, bytes);
        }

        private void MetaLineNumber(byte flag, ulong value)
        {
            bool written = ReplyWriter.TryWriteMetaFlag(MetaLineRest, flag, value, out int bytes);
            MetaLineAdvance(written, bytes);
        }

        // " t<seconds>": -1 without expiry; an item due this second or earlier shows 0.
        private void MetaLineTimeToLive(long expiresAt, long now)
        {
            long remaining = expiresAt == Expiry.Never ? -1 : expiresAt <= now ? 0 : expiresAt - now;
            bool written = ReplyWriter.TryWriteMetaFlag(MetaLineRest, (byte)'t', remaining, out int bytes);
            MetaLineAdvance(written, bytes);
        }

        // The opaque (or any token) echoed verbatim: " O123".
        private void MetaLineToken(ReadOnlySpan<byte> token)
        {
            bool written = ReplyWriter.TryWriteMetaFlagToken(MetaLineRest, token, out int bytes);
            MetaLineAdvance(written, bytes);
        }

        // " k<key>", and " b" when the key is base64 text.
        private void MetaLineKey(ReadOnlySpan<byte> keyText, bool base64)
        {
            bool written = ReplyWriter.TryWriteMetaFlag(MetaLineRest, (byte)'k', keyText, out int bytes);
            MetaLineAdvance(written, bytes);
            if (base64)
                MetaLineFlag((byte)'b');
        }

        // The line's "\r\n", then the line (and with a value, the data block) queued in one piece.
        private void MetaLineFinish(ReadOnlySpan<byte> value, bool withValue)
        {
            bool written = ReplyWriter.TryWriteLineEnd(MetaLineRest, out int bytes);
            MetaLineAdvance(written, bytes);
            int total = metaLineLength + (withValue ? value.Length + 2 : 0);
            Span<byte> space = ReplySpace(total);
            if (space.Length < total)
            {
                AppendReply(OutOfMemoryWritingLine);
                return;
            }
            new ReadOnlySpan<byte>(metaLine, 0, metaLineLength).CopyTo(space);
            if (withValue)
                ReplyWriter.TryWriteDataBlock(space.Slice(metaLineLength), value, out _);
            CommitReply(total);
        }

        // A reply with no item to describe (a miss, NF, NS, EX, or ms's HD): the code, then the
        // request's O and k echoed in order, and with echoCas ms's c (its new CAS, or 0).
        private void WriteMetaEchoLine(MetaStatus status, ref Command command, ReadOnlySpan<byte> data, bool echoCas, ulong cas)
        {
            MetaLineBegin(status);
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                ReadOnlySpan<byte> token = command.GetMetaFlag(index).Of(data);
                if (token[0] == (byte)'O')
                    MetaLineToken(token);
                else if (token[0] == (byte)'k')
                    MetaLineKey(command.Key.Of(data), command.KeyIsBase64);
                else if (token[0] == (byte)'c' && echoCas)
                    MetaLineNumber((byte)'c', cas);
            }
            MetaLineFinish(default, withValue: false);
        }
    }
}
