// With one worker (-t 1) the net thread serves memcached itself: after each pass over the device
// (OSv.Net's Network.RunOnNetThread) it serves the TCP connections that became ready and the UDP
// datagrams that arrived, with the replies' device notifications deferred and published together
// at the start of its next pass (BatchedFrameDevice). No thread switch per request: under TCG a
// wake-up and a switch cost several microseconds, more than serving a small get.
// Invariant: everything here is non-blocking (timeouts of 0), so the net thread never waits on a
// client; each call is bounded (TcpWorker.ServeReady, UdpServer.ServeReady).
using OSv.Net.Sockets;

namespace Memcached.Hosting
{
    internal sealed class NetThreadServer : INetThreadWork
    {
        private readonly BatchedFrameDevice device;
        private readonly TcpWorker tcp;
        private readonly UdpServer? udp;

        public NetThreadServer(BatchedFrameDevice device, TcpWorker tcp, UdpServer? udp)
        {
            this.device = device;
            this.tcp = tcp;
            this.udp = udp;
        }

        // True when work may be left or replies wait to be published: the net thread passes again
        // before it sleeps.
        public bool RunOnce()
        {
            device.BeginDeferring();
            bool workLeft = tcp.ServeReady();
            if (udp != null && udp.ServeReady())
                workLeft = true;
            bool framesDeferred = device.EndDeferring();
            return workLeft || framesDeferred;
        }
    }
}
