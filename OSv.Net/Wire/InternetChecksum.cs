// The Internet checksum (RFC 1071, "Computing the Internet Checksum"): the 16-bit one's
// complement of the one's complement sum of the data taken as big-endian 16-bit words, with an
// odd final byte padded by a zero byte. IPv4 headers, ICMP and UDP (with the pseudo-header of
// RFC 768) all use it.
//
// Algorithm (RFC 1071 section 4.1, the "deferred carries" variant): add the words into a 64-bit
// accumulator and fold the carries into 16 bits only at the end. Each word adds at most 0xFFFF,
// so the accumulator cannot overflow before 2^48 words; one span holds fewer than 2^30 words,
// so no caller can reach that.
//
// Incremental (section 2(D)): the sum is associative and commutative, so an accumulator can take
// any number of spans and fields in turn. A span of odd length leaves the accumulator in the
// middle of a word: the next byte is the low-order byte of that word (tracked by _odd), and a
// 16-bit field added at an odd offset contributes its byte-swapped value (section 2(B), byte
// order independence). Update() changes a checksum after one 16-bit field changes, without
// reading the data again (RFC 1624, equation 3, which also avoids RFC 1141's -0 result).
//
// Speed: the bulk of each span is summed eight bytes per load in machine order, then byte-swapped
// (SwappedSumOfBlocks); only the ragged ends go byte pair by byte pair. Little-endian machines
// only (x86-64, and every .NET host we run the hosted build on).
//
// Verification: summing data that includes a correct checksum field gives 0xFFFF, so Finish()
// returns 0. An all-zero buffer sums to +0, not -0, and so never verifies.
using System;

namespace OSv.Net.Wire
{
    public struct InternetChecksum
    {
        private ulong _sum;
        private bool _odd; // an odd number of bytes has been added: the next is a low-order byte

        public void Add(ReadOnlySpan<byte> bytes)
        {
            ulong sum = _sum;
            int index = 0;
            if (_odd && bytes.Length > 0)
            {
                // Completes the word whose high-order byte the previous span ended with.
                sum += bytes[0];
                index = 1;
                _odd = false;
            }
            int pairsEnd = index + ((bytes.Length - index) & ~1);
            int blocksEnd = index + ((pairsEnd - index) & ~(BlockBytes - 1));
            if (blocksEnd > index)
            {
                sum += SwappedSumOfBlocks(bytes, index, blocksEnd);
                index = blocksEnd;
            }
            for (; index < pairsEnd; index += 2)
                sum += (uint)((bytes[index] << 8) | bytes[index + 1]);
            if (index < bytes.Length)
            {
                // A trailing byte is the high-order half of a word, padded by zero unless more follows.
                sum += (uint)bytes[index] << 8;
                _odd = true;
            }
            _sum = sum;
        }

        private const int BlockBytes = 8;

        // The bulk of a span, eight bytes per load (section 2(B), byte order independence: a sum
        // of words loaded in the machine's little-endian order, folded to 16 bits, is the
        // big-endian sum byte-swapped). Each 64-bit load adds two 32-bit halves, so the
        // accumulator takes 2^31 loads before it could overflow; a span has fewer than 2^28.
        private static ulong SwappedSumOfBlocks(ReadOnlySpan<byte> bytes, int start, int end)
        {
            ref byte first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bytes);
            ulong sum = 0;
            for (int index = start; index < end; index += BlockBytes)
            {
                ulong block = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref System.Runtime.CompilerServices.Unsafe.Add(ref first, index));
                sum += (uint)block;
                sum += block >> 32;
            }
            ushort folded = Fold(sum);
            return (ushort)((folded >> 8) | (folded << 8));
        }

        public void AddUInt16(ushort value) => _sum += _odd ? (ushort)((value >> 8) | (value << 8)) : value;

        public void AddUInt32(uint value)
        {
            AddUInt16((ushort)(value >> 16));
            AddUInt16((ushort)value);
        }

        // RFC 768 / RFC 9293 pseudo-header: source, destination, zero, protocol, and the length of
        // the transport header plus data.
        public void AddIpv4PseudoHeader(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int length)
        {
            AddUInt32(source.Value);
            AddUInt32(destination.Value);
            AddUInt16((ushort)protocol);
            AddUInt16((ushort)length);
        }

        // The folded one's complement sum so far (0xFFFF over data that carries a correct checksum).
        public readonly ushort Sum => Fold(_sum);

        // The checksum field's value: the one's complement of the sum.
        public readonly ushort Finish() => (ushort)~Fold(_sum);

        public static ushort Compute(ReadOnlySpan<byte> bytes)
        {
            InternetChecksum checksum = default;
            checksum.Add(bytes);
            return checksum.Finish();
        }

        // RFC 1624 equation 3: HC' = ~(~HC + ~m + m'), for one 16-bit word changed from m to m'.
        public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
        {
            ulong sum = (ulong)(ushort)~checksum + (ushort)~oldWord + newWord;
            return (ushort)~Fold(sum);
        }

        // End-around carry, in a bounded number of steps: 64 -> 33 bits, then at most 0x2FFFE,
        // then at most 0x10001, then at most 0xFFFF.
        private static ushort Fold(ulong sum)
        {
            sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
            sum = (sum & 0xFFFF) + (sum >> 16);
            sum = (sum & 0xFFFF) + (sum >> 16);
            sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)sum;
        }
    }
}
