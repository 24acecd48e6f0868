using System;
using System.Collections.Generic;
using System.Text;
using Memcached.Protocol;
using Xunit;

namespace Memcached.Tests.Protocol
{
    // Helpers: requests as text (Latin-1, so "\xff" is the byte 0xFF), parses that must succeed
    // or fail in a given way, and a receiver that feeds bytes to the parser in chunks.
    internal static class Requests
    {
        public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

        public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

        public static string Text(byte[] input, Token token) => Text(token.Of(input));

        // Parses a whole request that must be accepted and consume exactly its bytes.
        public static Command Parse(string request) => Parse(Bytes(request));

        public static Command Parse(byte[] input)
        {
            ParseResult result = CommandParser.TryParse(input, out Command command);
            Assert.Equal(ParseStatus.Parsed, result.Status);
            Assert.Equal(MalformedReason.None, result.Reason);
            Assert.Equal(input.Length, result.ConsumedBytes);
            return command;
        }

        // Parses a request that must be refused; checks the exact reply memcached sends, whether
        // it is suppressed by noreply, and that the whole input is consumed.
        public static ParseResult Refuse(string request, string reply, bool suppressed = false) =>
            Refuse(Bytes(request), reply, suppressed, Bytes(request).Length);

        public static ParseResult Refuse(byte[] input, string reply, bool suppressed, int consumedBytes)
        {
            ParseResult result = CommandParser.TryParse(input, out _);
            Assert.Equal(ParseStatus.Malformed, result.Status);
            Assert.Equal(reply, Text(MalformedReplies.LineOf(result.Reason)));
            Assert.Equal(suppressed, result.SuppressReply);
            Assert.Equal(consumedBytes, result.ConsumedBytes);
            return result;
        }

        public static List<string> Keys(byte[] input, in Command command)
        {
            List<string> keys = new List<string>();
            for (int index = 0; index < command.KeyCount; index++)
                keys.Add(Text(input, command.GetKey(index)));
            return keys;
        }

        public static List<string> MetaFlags(byte[] input, in Command command)
        {
            List<string> flags = new List<string>();
            for (int index = 0; index < command.MetaFlagCount; index++)
                flags.Add(Text(input, command.GetMetaFlag(index)));
            return flags;
        }

        // One line per request the parser produced: what a server would act on.
        public static string Describe(byte[] input, ParseResult result, in Command command)
        {
            if (result.Status == ParseStatus.Malformed)
            {
                return "malformed " + result.Reason + (result.SuppressReply ? " quiet" : "") +
                       " discard " + result.DiscardBytes;
            }
            StringBuilder text = new StringBuilder(command.Opcode.ToString());
            text.Append(" keys [").Append(string.Join(",", Keys(input, command))).Append(']');
            text.Append(" flags ").Append(command.Flags).Append(" exptime ").Append(command.Exptime);
            text.Append(" cas ").Append(command.CasUnique).Append(" delta ").Append(command.Delta);
            text.Append(" noreply ").Append(command.NoReply).Append(" stats ").Append(command.StatsGroup);
            text.Append(" meta [").Append(string.Join(",", MetaFlags(input, command))).Append(']');
            if (command.Opcode is Opcode.Set or Opcode.Add or Opcode.Replace or Opcode.Append or Opcode.Prepend
                or Opcode.Cas or Opcode.MetaSet)
            {
                text.Append(" data '").Append(Text(command.Data(input))).Append('\'');
            }
            return text.ToString();
        }

        // A receiver: the stream arrives in chunks ending at the given offsets (the last chunk
        // ends at the stream's end); after each chunk it parses until NeedMore, dropping consumed
        // bytes and discarding swallowed blocks as they arrive, like a server's connection loop.
        public static List<string> Receive(byte[] stream, IEnumerable<int> chunkEnds)
        {
            List<string> described = new List<string>();
            List<byte> buffer = new List<byte>();
            int received = 0;
            long discard = 0;
            foreach (int end in Ends(stream.Length, chunkEnds))
            {
                for (; received < end; received++)
                {
                    if (discard > 0)
                        discard--;
                    else
                        buffer.Add(stream[received]);
                }
                while (discard == 0)
                {
                    byte[] input = buffer.ToArray();
                    ParseResult result = CommandParser.TryParse(input, out Command command);
                    if (result.Status == ParseStatus.NeedMore)
                        break;
                    Assert.InRange(result.ConsumedBytes, 1, input.Length);
                    described.Add(Describe(input, result, command));
                    buffer.RemoveRange(0, result.ConsumedBytes);
                    discard = result.DiscardBytes;
                    int now = (int)Math.Min(discard, buffer.Count);
                    buffer.RemoveRange(0, now);
                    discard -= now;
                }
            }
            Assert.Empty(buffer);
            return described;
        }

        private static IEnumerable<int> Ends(int length, IEnumerable<int> chunkEnds)
        {
            foreach (int end in chunkEnds)
            {
                if (end > 0 && end < length)
                    yield return end;
            }
            yield return length;
        }
    }
}
