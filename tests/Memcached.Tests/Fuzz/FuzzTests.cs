// Fuzzing the protocols (seeded, so a failure replays): over a million generated text requests
// (RequestFuzzer) through the parser alone and through a Session on one Cache, and binary
// requests (BinaryRequestFuzzer) through a Session. No exception may
// escape; the parser's results must keep their contract; and after the storm the server must
// still work: the session (or, if the storm closed it, the same slot reset) and a fresh session
// on the same cache answer version, set and get exactly.
using System;
using System.Text;
using Memcached.Protocol;
using Memcached.Server;
using Memcached.Tests.Server;
using Xunit;

namespace Memcached.Tests.Fuzz
{
    public sealed class FuzzTests
    {
        private const int Seed = 20261127;
        private const int RequestCount = 1_000_000;
        // Requests per simulated connection in the session fuzz: a huge declared block length
        // (swallowed, as memcached does) would otherwise eat the rest of the stream as data.
        private const int RequestsPerConnection = 500;

        [Fact]
        public void Parser_MillionFuzzedRequests_ResultsKeepTheirContract()
        {
            RequestFuzzer fuzzer = new RequestFuzzer(Seed);
            for (int i = 0; i < RequestCount; i++)
            {
                byte[] request = fuzzer.Next();
                ParseResult result = CommandParser.TryParse(request, out _);
                string? problem = CheckContract(request, result);
                Assert.True(problem == null, "request " + i + " \"" + Encoding.Latin1.GetString(request) + "\": " + problem);
            }
        }

        [Fact]
        public void Session_MillionFuzzedRequests_StillAnswersVersionSetAndGet()
        {
            SessionHarness harness = new SessionHarness();
            Session session = harness.Session;
            RequestFuzzer fuzzer = new RequestFuzzer(Seed + 1);
            int closes = 0;
            for (int i = 0; i < RequestCount; i++)
            {
                if (i % RequestsPerConnection == 0)
                    session.Reset();
                if (!Feed(session, fuzzer.Next()))
                {
                    session.Reset(); // the transport would close; the slot serves the next connection
                    closes++;
                }
            }
            Assert.True(closes > 0, "the fuzz never closed a session (quit is among its requests)");
            // The storm reached the store, not only the parser's refusals (seeded: about 24,000
            // items stored and 200,000 gets).
            Assert.True(harness.Cache.Store.Stats.TotalItems > 1000, "items stored: " + harness.Cache.Store.Stats.TotalItems);
            Assert.True(harness.Cache.Store.Stats.CmdGet > 10000, "gets: " + harness.Cache.Store.Stats.CmdGet);
            session.Reset();
            AssertServes(new SessionHarness(harness.Cache), "a");
            harness.Session.Reset();
            AssertServes(harness, "b");
        }

        [Fact]
        public void Session_FuzzedBinaryRequests_NoExceptionAndTheCacheStillServes()
        {
            const int BinaryRequestCount = 200_000;
            SessionHarness harness = new SessionHarness();
            Session session = harness.Session;
            BinaryRequestFuzzer fuzzer = new BinaryRequestFuzzer(Seed + 2);
            for (int i = 0; i < BinaryRequestCount; i++)
            {
                // A fresh connection now and then; every connection starts with a binary
                // request, so the session speaks the binary protocol throughout.
                if (i % RequestsPerConnection == 0)
                    session.Reset();
                if (!Feed(session, fuzzer.Next()))
                    session.Reset();
            }
            // The binary requests reached the store (seeded: about 8,000 items stored).
            Assert.True(harness.Cache.Store.Stats.TotalItems > 1000, "items stored: " + harness.Cache.Store.Stats.TotalItems);
            session.Reset();
            AssertServes(new SessionHarness(harness.Cache), "binary");
        }

        // The parser's promises (ParseResult.cs): nothing past the input consumed, a parsed
        // request consumes something and parses the same from exactly its bytes, one byte less
        // is NeedMore.
        private static string? CheckContract(byte[] request, ParseResult result)
        {
            if (result.ConsumedBytes < 0 || result.ConsumedBytes > request.Length)
                return "consumed " + result.ConsumedBytes + " of " + request.Length;
            if (result.Status == ParseStatus.NeedMore)
                return result.ConsumedBytes == 0 ? null : "NeedMore consumed bytes";
            if (result.Status == ParseStatus.Malformed)
                return result.Reason == MalformedReason.None ? "Malformed without a reason" : null;
            if (result.ConsumedBytes == 0)
                return "parsed nothing";
            ParseResult exact = CommandParser.TryParse(request.AsSpan(0, result.ConsumedBytes), out _);
            if (exact.Status != ParseStatus.Parsed || exact.ConsumedBytes != result.ConsumedBytes)
                return "its own bytes parse as " + exact.Status;
            ParseResult shorter = CommandParser.TryParse(request.AsSpan(0, result.ConsumedBytes - 1), out _);
            return shorter.Status == ParseStatus.NeedMore ? null : "one byte less parses as " + shorter.Status;
        }

        // Feeds one request and runs the session, discarding its replies; false once it closes.
        private static bool Feed(Session session, byte[] request)
        {
            int offset = 0;
            while (true)
            {
                SessionStatus status;
                do
                {
                    status = session.Process();
                    session.Sent(session.PendingOutput.Length);
                }
                while (status == SessionStatus.OutputBlocked);
                if (status == SessionStatus.Close)
                    return false;
                if (offset == request.Length)
                    return true;
                Span<byte> space = session.ReceiveSpace;
                int count = Math.Min(space.Length, request.Length - offset);
                request.AsSpan(offset, count).CopyTo(space);
                session.Received(count);
                offset += count;
            }
        }

        private static void AssertServes(SessionHarness harness, string key)
        {
            Assert.Equal("VERSION 1.6.18-osv\r\n", harness.Send("version\r\n"));
            Assert.Equal("STORED\r\n", harness.Send("set fuzz-" + key + " 3 0 5\r\nvalue\r\n"));
            Assert.Equal("VALUE fuzz-" + key + " 3 5\r\nvalue\r\nEND\r\n", harness.Send("get fuzz-" + key + "\r\n"));
        }
    }
}
