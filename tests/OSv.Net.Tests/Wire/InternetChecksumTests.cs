using System;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Wire
{
    public class InternetChecksumTests
    {
        private const int Seed = 1071;

        private static byte[] RandomBytes(Random random, int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        [Fact]
        public void Sum_Rfc1071Example_MatchesPublishedSum()
        {
            // RFC 1071 section 3: 0001 f203 f4f5 f6f7 sums to ddf2 after the end-around carry.
            InternetChecksum checksum = default;
            checksum.Add(Captured.Hex("00 01 f2 03 f4 f5 f6 f7"));
            Assert.Equal(0xddf2, checksum.Sum);
            Assert.Equal(0x220d, checksum.Finish());
        }

        [Fact]
        public void Compute_RandomBuffers_MatchesReference()
        {
            var random = new Random(Seed);
            for (int length = 0; length <= 257; length++)
            {
                byte[] data = RandomBytes(random, length);
                Assert.Equal(Reference.Checksum(data), InternetChecksum.Compute(data));
            }
        }

        [Fact]
        public void Compute_AllOnesWords_MatchesReference()
        {
            // Many carries: every word is 0xFFFF.
            var data = new byte[4001];
            Array.Fill(data, (byte)0xFF);
            Assert.Equal(Reference.Checksum(data), InternetChecksum.Compute(data));
        }

        [Fact]
        public void Compute_AllZeroBuffer_IsAllOnes()
        {
            Assert.Equal(0xFFFF, InternetChecksum.Compute(new byte[20]));
        }

        [Fact]
        public void Compute_EmptyBuffer_IsAllOnes()
        {
            Assert.Equal(0xFFFF, InternetChecksum.Compute(ReadOnlySpan<byte>.Empty));
        }

        [Fact]
        public void Compute_DataWithItsOwnChecksum_IsZero()
        {
            var random = new Random(Seed);
            byte[] data = RandomBytes(random, 64);
            data[10] = 0;
            data[11] = 0;
            ushort checksum = InternetChecksum.Compute(data);
            data[10] = (byte)(checksum >> 8);
            data[11] = (byte)checksum;
            Assert.Equal(0, InternetChecksum.Compute(data));
        }

        [Fact]
        public void Add_SplitAtEveryOffset_MatchesWholeBuffer()
        {
            var random = new Random(Seed);
            byte[] data = RandomBytes(random, 77);
            ushort whole = InternetChecksum.Compute(data);
            for (int first = 0; first <= data.Length; first++)
            {
                for (int second = first; second <= data.Length; second += 3)
                {
                    InternetChecksum checksum = default;
                    checksum.Add(data.AsSpan(0, first));
                    checksum.Add(data.AsSpan(first, second - first));
                    checksum.Add(data.AsSpan(second));
                    Assert.Equal(whole, checksum.Finish());
                }
            }
        }

        [Fact]
        public void AddUInt16_AtOddOffset_MatchesSameBytes()
        {
            byte[] data = Captured.Hex("a1 12 34 b2 c3");
            InternetChecksum checksum = default;
            checksum.Add(data.AsSpan(0, 1));
            checksum.AddUInt16(0x1234);
            checksum.Add(data.AsSpan(3));
            Assert.Equal(InternetChecksum.Compute(data), checksum.Finish());
        }

        [Fact]
        public void AddUInt32_AtEvenOffset_MatchesSameBytes()
        {
            byte[] data = Captured.Hex("de ad be ef 01");
            InternetChecksum checksum = default;
            checksum.AddUInt32(0xdeadbeef);
            checksum.Add(data.AsSpan(4));
            Assert.Equal(InternetChecksum.Compute(data), checksum.Finish());
        }

        [Fact]
        public void AddIpv4PseudoHeader_DnsQuery_MatchesPseudoHeaderBytes()
        {
            byte[] pseudoHeader = Captured.Hex("0a 00 02 0f 0a 00 02 03 00 11 00 25");
            InternetChecksum checksum = default;
            checksum.AddIpv4PseudoHeader(Captured.GuestIp, Captured.DnsIp, IpProtocol.Udp, 0x25);
            Assert.Equal(InternetChecksum.Compute(pseudoHeader), checksum.Finish());
        }

        [Fact]
        public void Update_OneWordChanged_MatchesRecomputation()
        {
            var random = new Random(Seed);
            for (int round = 0; round < 1000; round++)
            {
                byte[] data = RandomBytes(random, 40);
                int word = random.Next(20) * 2;
                ushort before = InternetChecksum.Compute(data);
                ushort oldWord = (ushort)((data[word] << 8) | data[word + 1]);
                ushort newWord = (ushort)random.Next(0x10000);
                data[word] = (byte)(newWord >> 8);
                data[word + 1] = (byte)newWord;
                Assert.Equal(InternetChecksum.Compute(data), InternetChecksum.Update(before, oldWord, newWord));
            }
        }

        [Fact]
        public void Update_TtlDecrementOnCapturedHeader_HeaderStillVerifies()
        {
            // RFC 1624's use case: a router decrements TTL and patches the checksum.
            byte[] header = Captured.EchoRequestIp[..20];
            ushort checksum = (ushort)((header[10] << 8) | header[11]);
            ushort oldWord = (ushort)((header[8] << 8) | header[9]);
            header[8]--;
            ushort newWord = (ushort)((header[8] << 8) | header[9]);
            ushort patched = InternetChecksum.Update(checksum, oldWord, newWord);
            header[10] = (byte)(patched >> 8);
            header[11] = (byte)patched;
            Assert.Equal(0, InternetChecksum.Compute(header));
        }
    }
}
