// A running network interface: the pure stack (NetStack: ARP, IPv4, ICMP, UDP, TCP, DHCP) plus
// the one thread and the one lock that drive it, and the sockets' blocking layer on top.
//
// Threads. The net thread sleeps in FrameDevice.WaitForFrames until frames arrive or the stack's
// next deadline (TCP retransmission, delayed ACK, ARP, DHCP) comes; then, with the lock held, it
// takes what the device received and runs the stack's timers. Application threads call into the
// stack with the same lock held (Send, Receive, Accept, Poll). There is no thread per connection
// and no timer per connection on the kernel's lists: the stack keeps its deadlines in one heap,
// and the net thread's wait is the one kernel timer that serves them all. A server may also hand
// the net thread work to run after each pass, outside the lock (INetThreadWork: serving its
// sockets there saves a thread wake-up per request).
//
// Net channels (Van Jacobson; OSv's core/net_channel.cc), on unless the kernel option
// net.channels=off. The classifier runs on the net thread as frames are taken from the device:
// a frame of an established TCP flow that has a channel goes into that connection's ring, and
// its thread is woken; TCP input for it then runs in that thread, when it next receives, sends
// or polls (NetSocket.WaitLocked drains the ring before checking readiness). SYN, FIN, RST,
// non-TCP and unknown flows take the default path: the net thread processes them itself. With
// channels off every frame takes the default path, so the two designs can be measured against
// each other (docs/benchmarks.md). A channel whose consumer does not drain it for a whole pass
// of the net thread, or that holds more than ChannelFramesHeldMax frames after a pass, is drained
// by the net thread (in order: the ring is FIFO and the classifier keeps claiming behind it), so
// that slow or idle sockets cannot pin the device's receive buffers.
//
// Why one lock. The stack's tables (connections, ARP, reassembly) and the device's queues are
// touched by the net thread and every application thread; one recursive Mutex (OSv.Core.Sync)
// keeps the protocol code single-threaded and pure. The price is that TCP input in an
// application thread excludes other connections' input while it runs; finer locking (a device
// lock apart from per-connection locks) is the next step once measurements ask for it.
//
// Deadlines. An application call can make the stack's next deadline earlier than the one the
// net thread sleeps towards (a send arms the retransmission timer). The net thread publishes the
// deadline it sleeps to; a call that moves the stack's deadline before it interrupts the wait
// (FrameDevice.InterruptWait), and that interruption is remembered if the thread has not started
// waiting yet.
using Volatile = System.Threading.Volatile;
using OSv.Core.Sync;
using OSv.Core.Time;
using OSv.Net.Channels;
using OSv.Net.Ip;
using OSv.Net.Link;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Thread = OSv.Core.Sched.Thread;

namespace OSv.Net.Sockets
{
    public sealed class Network
    {
        // Frames the net thread takes per pass before it runs timers and lets go of the lock.
        public const int FramesPerPassMax = 64;

        // The longest the net thread sleeps with nothing due (a bound, not a tick: frames and
        // earlier deadlines wake it before).
        public const long IdleWaitNsMax = 1000 * Clock.NanosecondsPerMillisecond;

        // Frames a channel may hold across a pass of the net thread. Leases are the device's own
        // receive buffers (zero copy): a slow consumer must not take them all, or the device
        // stops receiving until the next timer. A quarter of virtio-net's 256-entry receive
        // queue, minus half a pass's worth of frames.
        public const int ChannelFramesHeldMax = 256 / 4 - FramesPerPassMax / 2;

        private readonly Mutex _lock = new Mutex();
        private readonly CondVar _configurationChanged = new CondVar();
        private readonly FrameDevice _device;
        private readonly NetStack _stack;
        private readonly FlowTable? _flows;
        private readonly NetChannelClassifier? _classifier;
        private readonly TcpConnection?[] _channelled;   // connections whose channels are registered
        private int _channelledEnd;                      // _channelled[_channelledEnd..] are all null
        private readonly TcpConnection?[] _freeConnections;
        private int _freeConnectionCount;
        private long _sleepDeadlineNs = long.MaxValue;   // what the net thread waits towards
        private bool _wasConfigured;
        private bool _stopping;
        private Thread? _thread;
        private INetThreadWork? _work;                   // served after each pass (NetThreadWork.cs)

        private Network(FrameDevice device, NetConfiguration configuration, TcpSettings tcpSettings, uint secret)
        {
            _device = device;
            _stack = new NetStack(device, configuration, tcpSettings, secret);
            Settings = tcpSettings;
            _channelled = new TcpConnection?[tcpSettings.ConnectionsMax];
            _freeConnections = new TcpConnection?[tcpSettings.ConnectionsMax];
            if (configuration.NetChannels)
            {
                _flows = new FlowTable(secret ^ 0x5bd1e995u);
                _classifier = new NetChannelClassifier(_flows) { Enabled = true };
                device.Classifier = _classifier;
            }
        }

        // Builds the stack on the device and starts the net thread. The secret keys sequence
        // numbers, ephemeral ports, DHCP transaction ids and the flow hash: pass entropy.
        public static Network Start(FrameDevice device, NetConfiguration configuration, TcpSettings? tcpSettings, uint secret)
        {
            var network = new Network(device, configuration, tcpSettings ?? new TcpSettings(), secret);
            network._thread = Thread.Start(network.Run, "net");
            return network;
        }

        public FrameDevice Device => _device;
        public TcpSettings Settings { get; }
        public bool NetChannels => _classifier != null;
        internal Mutex Lock => _lock;
        internal NetStack Stack => _stack;

        public Ipv4Address Address
        {
            get { using (_lock.Acquire()) return _stack.Address; }
        }

        // Waits until the interface has an address (static configuration, or a DHCP lease).
        public bool WaitForConfiguration(long timeoutNs)
        {
            long deadline = NetSocket.DeadlineAfter(timeoutNs);
            using (_lock.Acquire())
            {
                while (!_stack.IsConfigured)
                {
                    long remaining = deadline - Clock.NowNanoseconds;
                    if (remaining <= 0)
                        return false;
                    _configurationChanged.Wait(_lock, remaining);
                }
                return true;
            }
        }

        // Stops the net thread and waits for it (hosted runs, tests); the stack then stands still
        // and the device may be disposed. Sockets must not be used afterwards.
        public void Stop()
        {
            Volatile.Write(ref _stopping, true);
            _device.InterruptWait();
            _thread?.Join();
        }

        // Runs work on the net thread after each pass from now on (NetThreadWork.cs); one at most.
        public void RunOnNetThread(INetThreadWork work)
        {
            Volatile.Write(ref _work, work); // release: the work's fields are set up before the net thread sees it
            _device.InterruptWait();
        }

        // Makes the net thread take a pass (and run its work) now rather than at its next frame or
        // deadline: for a socket made ready outside the net thread.
        public void WakeNetThread() => _device.InterruptWait();

        // The time for an application call (lock held): the stack stamps what it sends with it.
        internal long NowLocked()
        {
            long now = Clock.NowNanoseconds;
            _stack.AdvanceTime(now);
            return now;
        }

        // After an application call (lock held): make sure the net thread wakes for the stack's
        // next deadline. The call itself already sent what it caused (TCP's SEND, RECEIVE and
        // CLOSE output inline); timers that are due run on the net thread, not here.
        internal void AfterCallLocked()
        {
            if (_stack.NextDeadlineNs < Volatile.Read(ref _sleepDeadlineNs))
                _device.InterruptWait();
        }

        private void Run()
        {
            while (!Volatile.Read(ref _stopping))
            {
                int frames;
                long deadline;
                _lock.Lock();
                long now = Clock.NowNanoseconds;
                frames = TakeFramesLocked(now);
                DrainAbandonedChannelsLocked(now);
                _stack.Poll(now);
                NoteConfigurationLocked();
                deadline = _stack.NextDeadlineNs;
                Volatile.Write(ref _sleepDeadlineNs, deadline); // before unlock: see "Deadlines"
                _lock.Unlock();
                INetThreadWork? work = Volatile.Read(ref _work); // acquire: pairs with RunOnNetThread
                bool workLeft = work != null && work.RunOnce();
                if (frames == FramesPerPassMax || workLeft)
                    continue;
                long wait = deadline - Clock.NowNanoseconds;
                if (wait > 0)
                    _device.WaitForFrames(wait < IdleWaitNsMax ? wait : IdleWaitNsMax);
            }
        }

        // The default path: frames the classifier did not claim, processed here and returned.
        private int TakeFramesLocked(long nowNs)
        {
            int count = 0;
            while (count < FramesPerPassMax && _device.TryTakeUnclaimed(out FrameLease lease))
            {
                _stack.ProcessFrame(_device.Bytes(lease), nowNs);
                _device.Return(lease);
                count++;
            }
            return count;
        }

        private void NoteConfigurationLocked()
        {
            bool configured = _stack.IsConfigured;
            if (_classifier != null)
                _classifier.LocalAddress = _stack.Address;
            if (configured != _wasConfigured)
            {
                _wasConfigured = configured;
                _configurationChanged.Broadcast();
            }
        }

        // TCP input for one connection's channel, in the calling thread (lock held).
        internal void DrainChannelLocked(NetChannel channel, long nowNs)
        {
            while (channel.TryPop(out FrameLease lease))
            {
                _stack.ProcessFrame(channel.Device.Bytes(lease), nowNs);
                channel.Device.Return(lease);
            }
        }

        // Channels their consumers left non-empty for a whole pass, or that hold more than
        // ChannelFramesHeldMax frames (see the top comment).
        private void DrainAbandonedChannelsLocked(long nowNs)
        {
            TcpConnection?[] connections = _channelled;
            for (int i = 0; i < _channelledEnd; i++) // not the whole table: every pass runs this
            {
                TcpConnection? connection = connections[i];
                if (connection == null)
                    continue;
                NetChannel channel = connection.Channel;
                if (channel.Count == 0)
                    connection.ChannelAge = 0;
                else if (++connection.ChannelAge > 1 || channel.Count > ChannelFramesHeldMax)
                {
                    DrainChannelLocked(channel, nowNs);
                    connection.ChannelAge = 0;
                }
            }
        }

        // Gives an established connection its channel (lock held); false when channels are off
        // or the table is full (the connection then simply uses the default path).
        internal bool RegisterChannelLocked(TcpConnection connection)
        {
            if (_flows == null)
                return false;
            int slot = SlotOf(null);
            if (slot < 0 || !connection.Channel.Bind(connection.Flow, connection.Channel.Waker))
                return false;
            if (_flows.Add(connection.Channel) != FlowTableAddResult.Added)
                return false;
            _channelled[slot] = connection;
            if (slot == _channelledEnd)
                _channelledEnd++;
            return true;
        }

        internal void UnregisterChannelLocked(TcpConnection connection, long nowNs)
        {
            if (_flows == null)
                return;
            int slot = SlotOf(connection);
            if (slot < 0)
                return;
            _flows.Remove(connection.Flow);
            _channelled[slot] = null;
            while (_channelledEnd > 0 && _channelled[_channelledEnd - 1] == null)
                _channelledEnd--;
            DrainChannelLocked(connection.Channel, nowNs);
        }

        // The slot holding connection, or with null the first free one (below _channelledEnd, else
        // _channelledEnd itself while the table has room); -1 when there is none.
        private int SlotOf(TcpConnection? connection)
        {
            for (int i = 0; i < _channelledEnd; i++)
            {
                if (_channelled[i] == connection)
                    return i;
            }
            return connection == null && _channelledEnd < _channelled.Length ? _channelledEnd : -1;
        }

        // Connection objects are recycled, so a connection after boot allocates nothing: Dispose
        // gives one back.
        internal TcpConnection RentConnectionLocked(TcpControlBlock block)
        {
            TcpConnection connection = _freeConnectionCount > 0
                ? _freeConnections[--_freeConnectionCount]!
                : new TcpConnection(this);
            connection.Attach(block);
            return connection;
        }

        internal void ReturnConnectionLocked(TcpConnection connection)
        {
            if (_freeConnectionCount < _freeConnections.Length)
                _freeConnections[_freeConnectionCount++] = connection;
        }
    }
}
