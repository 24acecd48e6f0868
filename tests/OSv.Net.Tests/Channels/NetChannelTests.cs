using OSv.Net.Channels;
using OSv.Net.Link;
using OSv.Net.Sockets;
using OSv.Net.Tcp;
using OSv.Net.Tests.Simulation;
using Xunit;

namespace OSv.Net.Tests.Channels
{
    public class NetChannelTests
    {
        private static readonly FlowKey Flow = new FlowKey(TestFrames.Local, TestFrames.LocalPort, TestFrames.Remote, TestFrames.RemotePort);

        private static (NetChannel, RecordingWaker, SimulatedFrameDevice) Make()
        {
            var device = new SimulatedFrameDevice(TestFrames.LocalMac, buffers: 512);
            var waker = new RecordingWaker();
            var channel = new NetChannel(device);
            Assert.True(channel.Bind(Flow, waker));
            return (channel, waker, device);
        }

        [Fact]
        public void Empty_Push_WakesReadableOnce()
        {
            var (channel, waker, _) = Make();
            Assert.True(channel.TryPush(new FrameLease(3, 60)));
            Assert.Equal(1, waker.Wakes);
            Assert.Equal(SocketEvents.Readable, waker.Last);
            Assert.Equal(1, channel.Pushed);
        }

        [Fact]
        public void NonEmpty_Push_DoesNotWake()
        {
            var (channel, waker, _) = Make();
            channel.TryPush(new FrameLease(1, 60));
            channel.TryPush(new FrameLease(2, 60));
            channel.TryPush(new FrameLease(3, 60));
            Assert.Equal(1, waker.Wakes);
            Assert.Equal(3, channel.Pushed);
            Assert.Equal(1, channel.Wakes);
        }

        [Fact]
        public void Drained_Push_WakesAgain()
        {
            var (channel, waker, _) = Make();
            channel.TryPush(new FrameLease(1, 60));
            Assert.True(channel.TryPop(out FrameLease lease));
            Assert.Equal(new FrameLease(1, 60), lease);
            channel.TryPush(new FrameLease(2, 60));
            Assert.Equal(2, waker.Wakes);
        }

        [Fact]
        public void Full_Push_ReturnsFalseCountsFullNoWake()
        {
            var (channel, waker, _) = Make();
            for (int i = 0; i < channel.Capacity; i++)
                Assert.True(channel.TryPush(new FrameLease(i, 60)));
            Assert.False(channel.TryPush(new FrameLease(999, 60)));
            Assert.Equal(1, channel.Full);
            Assert.Equal(channel.Capacity, channel.Pushed);
            Assert.Equal(1, waker.Wakes);
        }

        [Fact]
        public void NoWaker_Push_Succeeds()
        {
            var device = new SimulatedFrameDevice(TestFrames.LocalMac);
            var channel = new NetChannel(device);
            Assert.True(channel.TryPush(new FrameLease(0, 60)));
            Assert.Equal(1, channel.Wakes);
        }

        [Fact]
        public void Queued_Drain_ReturnsEveryLeaseToDevice()
        {
            var (channel, _, device) = Make();
            for (int i = 0; i < 5; i++)
            {
                Assert.True(device.TryInject(TestFrames.Frame(new TestFrames.Tcp())));
                Assert.True(device.TryTake(out FrameLease lease));
                channel.TryPush(lease);
            }
            Assert.Equal(5, device.LeasesOutstanding);
            Assert.Equal(5, channel.Drain());
            Assert.Equal(0, device.LeasesOutstanding);
            Assert.Equal(0, device.BadReturns);
            Assert.Equal(0, channel.Count);
        }

        [Fact]
        public void InTable_Bind_Refused()
        {
            var (channel, _, _) = Make();
            var table = new FlowTable(secret: 7);
            Assert.Equal(FlowTableAddResult.Added, table.Add(channel));
            var other = new FlowKey(TestFrames.Local, 1, TestFrames.Remote, 2);
            Assert.False(channel.Bind(other, null));
            Assert.True(channel.Flow.Equals(Flow));
            table.Remove(Flow);
            Assert.True(channel.Bind(other, null));
            Assert.True(channel.Flow.Equals(other));
        }
    }
}
