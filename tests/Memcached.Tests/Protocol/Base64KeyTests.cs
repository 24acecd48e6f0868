using System;
using Memcached.Protocol;
using Xunit;
using static Memcached.Tests.Protocol.Requests;

namespace Memcached.Tests.Protocol
{
    // Binary keys as memcached's base64_decode takes them.
    public class Base64KeyTests
    {
        [Theory]
        [InlineData("Zm9v", "foo")]
        [InlineData("Zm8=", "fo")]
        [InlineData("Zg==", "f")]
        [InlineData("Zm9vYmFy", "foobar")]
        [InlineData("Zm9v!", "foo")]       // bytes outside the alphabet are skipped
        [InlineData("Zg==Zm9v", "f")]      // decoding stops after the first padded group
        public void Decode_Accepted_Bytes(string encoded, string decoded)
        {
            byte[] input = Bytes(encoded);
            byte[] output = new byte[input.Length];
            int length = Base64Key.Decode(input, output);
            Assert.Equal(decoded, Text(output.AsSpan(0, length)));
            Assert.Equal(length, Base64Key.DecodedLength(input));
        }

        [Theory]
        [InlineData("")]
        [InlineData("k")]
        [InlineData("Zm9")]
        [InlineData("Z===")]
        [InlineData("====")]
        [InlineData("!!!!")]
        public void Decode_Refused_Zero(string encoded)
        {
            Assert.Equal(0, Base64Key.DecodedLength(Bytes(encoded)));
        }

        [Fact]
        public void Decode_DestinationTooSmall_Zero()
        {
            Assert.Equal(0, Base64Key.Decode(Bytes("Zm9vYmFy"), new byte[5]));
        }
    }
}
