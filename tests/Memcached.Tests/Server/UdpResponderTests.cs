using System;
using System.Text;
using Memcached.Server;
using Xunit;

namespace Memcached.Tests.Server
{
    public class UdpResponderTests
    {
        private static byte[] Datagram(ushort id, string request, int sequence = 0, int total = 1)
        {
            byte[] body = Encoding.ASCII.GetBytes(request);
            byte[] datagram = new byte[8 + body.Length];
            datagram[0] = (byte)(id >> 8); datagram[1] = (byte)id;
            datagram[2] = (byte)(sequence >> 8); datagram[3] = (byte)sequence;
            datagram[4] = (byte)(total >> 8); datagram[5] = (byte)total;
            body.CopyTo(datagram, 8);
            return datagram;
        }

        private static string Reassemble(UdpResponder responder, ushort id)
        {
            var text = new StringBuilder();
            byte[] buffer = new byte[UdpResponder.DatagramBytesMax];
            int total = responder.DatagramCount;
            for (int i = 0; i < total; i++)
            {
                int length = responder.WriteDatagram(i, buffer);
                Assert.InRange(length, 9, UdpResponder.DatagramBytesMax);
                Assert.Equal(id, (ushort)(buffer[0] << 8 | buffer[1]));
                Assert.Equal(i, buffer[2] << 8 | buffer[3]);
                Assert.Equal(total, buffer[4] << 8 | buffer[5]);
                text.Append(Encoding.ASCII.GetString(buffer, 8, length - 8));
            }
            return text.ToString();
        }

        [Fact]
        public void SetThenGet_RepliesCarryRequestId()
        {
            var cache = new SessionHarness().Cache;
            var responder = new UdpResponder(cache);
            Assert.True(responder.Handle(Datagram(7, "set k 0 0 2\r\nhi\r\n")));
            Assert.Equal("STORED\r\n", Reassemble(responder, 7));
            Assert.True(responder.Handle(Datagram(0xBEEF, "get k\r\n")));
            Assert.Equal("VALUE k 0 2\r\nhi\r\nEND\r\n", Reassemble(responder, 0xBEEF));
        }

        [Fact]
        public void LargeValue_SplitAcrossDatagrams()
        {
            var cache = new SessionHarness().Cache;
            var responder = new UdpResponder(cache);
            string value = new string('q', 5000);
            responder.Handle(Datagram(1, "set big 0 0 5000\r\n" + value + "\r\n"));
            responder.Handle(Datagram(2, "get big\r\n"));
            Assert.Equal(4, responder.DatagramCount);
            Assert.Equal("VALUE big 0 5000\r\n" + value + "\r\nEND\r\n", Reassemble(responder, 2));
        }

        [Fact]
        public void MultiPacketRequest_Refused()
        {
            var responder = new UdpResponder(new SessionHarness().Cache);
            Assert.True(responder.Handle(Datagram(3, "get k\r\n", 0, 2)));
            Assert.Equal("SERVER_ERROR multi-packet request not supported\r\n", Reassemble(responder, 3));
        }

        [Fact]
        public void ShortDatagram_DroppedWithoutReply()
        {
            var responder = new UdpResponder(new SessionHarness().Cache);
            Assert.False(responder.Handle(new byte[5]));
            Assert.Equal(0, responder.DatagramCount);
        }
    }
}
