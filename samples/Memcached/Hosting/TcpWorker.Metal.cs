// One worker thread of the image's TCP server (memcached's worker threads, -t): a Poller over its
// own share of the connection slots, serving each ready connection's Session.
//
// Slots. A worker owns a fixed range of slots, sized at start from -c; the acceptor hands it a
// connection by taking a free slot (TryAdopt) and the worker gives the slot back when the
// connection ends (Release). The free-slot stack is the only state both threads touch, under its
// own mutex, taken once per connection, never per request. curr_connections drops only after the
// slot is back on the stack (as TcpServer.Hosted does): a client that sees the count fall can
// connect again without being refused at -c. A slot's Session is allocated the
// first time the slot is used and reused (Reset) by every later connection, so accepting a
// connection allocates nothing once its slot has served one (hot paths do not allocate, and the
// collector is not paced by connection churn). When a connection ends its session gives grown
// buffers back (EndConnection): a slot that once served a 1 MB value would otherwise keep ~2 MB
// for good, and -c slots of that (2 GB at -c 1024) exceed any guest's RAM.
//
// Serving one wake-up (Serve), following Session's contract:
//   1. Drive: send what the session has pending (Send, one copy into TCP's send ring, one lock
//      round-trip); a short send means the ring is full: wait for Writable. While the session
//      was OutputBlocked, run Process again once its replies are out. Close: once everything
//      pending went out, close the connection.
//   2. NeedInput: Receive straight into Session.ReceiveSpace (one copy out of TCP's receive
//      ring, one lock round-trip), Process, back to 1. Nothing waiting: wait for Readable.
// At most ImageLimits.ReceivesPerWakeMax receives per wake-up, so one pipelining client cannot
// starve the others; the yield is counted as memcached counts conn_yields. A wake-up only ever
// ends where the connection's next event is certain to come: waiting for Writable with replies
// pending, or waiting for Readable with nothing pending (the poller is level-triggered, so a
// connection that yields with bytes left in TCP's ring is reported again on the next wait).
// Yielding with replies still pending would wait for input the client may never send (it waits
// for those replies): that stalled libmemcached's pipelined loads. A Receive that filled less than
// the space it was given emptied TCP's ring: once its replies are out the wake-up ends without the
// Receive that would only fail, since the poller re-examines every socket it reported (bytes that
// arrived meanwhile are found there).
//
// Where it runs. With several workers (-t N) each has its own thread blocked in Poller.Wait (Run).
// A lone worker (-t 1) runs on the net thread instead (NetThreadServer calls ServeReady): it serves
// what became ready right after the net thread's pass over the device, saving the net thread ->
// worker wake-up per request (a context switch: microseconds under TCG). Everything here is
// non-blocking (timeouts of 0), so the net thread never waits on a client.
// Invariant: a slot's Interest is what its socket is registered for in this worker's poller;
// Status is the session's last Process result, and NeedInput only with nothing pending.
using System;
using Memcached.Server;
using OSv.Core.Sync;
using OSv.Net.Sockets;
using Volatile = System.Threading.Volatile;

namespace Memcached.Hosting
{
    internal sealed class TcpWorker
    {
        private enum Outcome : byte { NeedInput, WaitWritable, Finished }

        private sealed class Slot
        {
            public TcpConnection? Connection;
            public Session? Session;
            public SessionStatus Status;
            public SocketEvents Interest;
        }

        private readonly Cache cache;
        private readonly Network network;
        private bool onNetThread;
        private readonly Poller poller;
        private readonly Slot[] slots;
        private readonly int[] freeSlots;
        private readonly Mutex freeLock = new Mutex();
        private readonly PollEvent[] events = new PollEvent[ImageLimits.PollEventsMax];
        private int freeCount;

        public TcpWorker(Network network, Cache cache, int slotCount)
        {
            this.cache = cache;
            this.network = network;
            poller = new Poller(network, slotCount);
            slots = new Slot[slotCount];
            freeSlots = new int[slotCount];
            for (int i = 0; i < slotCount; i++)
            {
                slots[i] = new Slot();
                freeSlots[i] = slotCount - 1 - i; // slot 0 is handed out first
            }
            freeCount = slotCount;
        }

        // The acceptor's call: serve `connection` here, false when every slot is taken.
        public bool TryAdopt(TcpConnection connection)
        {
            freeLock.Lock();
            int index = freeCount > 0 ? freeSlots[--freeCount] : -1;
            freeLock.Unlock();
            if (index < 0)
                return false;
            Slot slot = slots[index];
            if (slot.Session == null)
                slot.Session = new Session(cache); // once per slot, on its first connection
            slot.Session.Reset();
            slot.Connection = connection;
            slot.Status = SessionStatus.NeedInput;
            slot.Interest = SocketEvents.Readable;
            cache.Counters.ConnectionOpened();
            // The poller's lock publishes the slot's fields to the worker before it sees the socket.
            if (poller.Add(connection, SocketEvents.Readable, index))
            {
                if (Volatile.Read(ref onNetThread))
                    network.WakeNetThread(); // its bytes may have arrived before the poller knew it
                return true;
            }
            slot.Connection = null;
            ReturnSlot(index);
            cache.Counters.ConnectionClosed(); // after the slot is free again: see the top
            return false;
        }

        // The worker thread's body: never returns.
        public void Run()
        {
            while (true)
            {
                int count = poller.Wait(events, TcpConnection.Infinite);
                for (int i = 0; i < count; i++)
                    Serve(events[i].Token);
            }
        }

        // Serves this worker's sockets on the net thread from now on (-t 1, NetThreadServer calls
        // ServeReady); Run is then not used.
        public void ServeOnNetThread() => Volatile.Write(ref onNetThread, true); // before the first adoption: see TryAdopt

        // Serves what is ready without waiting, at most ImageLimits.NetThreadRoundsMax polls; true
        // when the last one still found work.
        public bool ServeReady()
        {
            for (int round = 0; round < ImageLimits.NetThreadRoundsMax; round++)
            {
                int count = poller.Wait(events, 0);
                if (count == 0)
                    return false;
                for (int i = 0; i < count; i++)
                    Serve(events[i].Token);
            }
            return true;
        }

        private void Serve(int index)
        {
            Slot slot = slots[index];
            TcpConnection? connection = slot.Connection;
            Session? session = slot.Session;
            if (connection == null || session == null)
                return; // released earlier in this batch
            bool ringEmptied = false;
            for (int round = 0; ; round++)
            {
                Outcome outcome = Drive(slot, connection, session);
                if (outcome == Outcome.Finished)
                {
                    Release(index, slot, connection);
                    return;
                }
                if (outcome == Outcome.WaitWritable)
                {
                    SetInterest(index, slot, connection, SocketEvents.Writable);
                    return;
                }
                SetInterest(index, slot, connection, SocketEvents.Readable);
                if (round == ImageLimits.ReceivesPerWakeMax)
                {
                    // Everything is sent and the session waits for input: bytes left in TCP's
                    // ring keep the socket readable, so the poller reports it again.
                    cache.Counters.CountYield();
                    return;
                }
                if (ringEmptied)
                    return; // all TCP held was taken: another Receive would only fail; the poller re-checks
                Span<byte> space = session.ReceiveSpace;
                int received = connection.Receive(space, 0);
                if (received > 0)
                {
                    ringEmptied = received < space.Length;
                    session.Received(received);
                    slot.Status = session.Process();
                    continue;
                }
                if (received < 0 && connection.Error == NetError.TimedOut)
                    return; // nothing waiting: the poller reports the next bytes
                Release(index, slot, connection); // end of stream or a failed connection
                return;
            }
        }

        // Sends what the session has pending and runs it again while it was only waiting for its
        // replies to go out. Bounded: each pass sends everything Process added, or returns.
        private static Outcome Drive(Slot slot, TcpConnection connection, Session session)
        {
            while (true)
            {
                ReadOnlySpan<byte> pending = session.PendingOutput;
                if (pending.Length > 0)
                {
                    int sent = connection.Send(pending, 0);
                    if (sent > 0)
                        session.Sent(sent);
                    if (sent < pending.Length)
                        return connection.Error == NetError.TimedOut ? Outcome.WaitWritable : Outcome.Finished;
                }
                if (slot.Status == SessionStatus.Close)
                    return Outcome.Finished;
                if (slot.Status == SessionStatus.NeedInput)
                    return Outcome.NeedInput;
                slot.Status = session.Process(); // was OutputBlocked: its replies are out now
            }
        }

        private void SetInterest(int index, Slot slot, TcpConnection connection, SocketEvents interest)
        {
            if (slot.Interest == interest)
                return;
            slot.Interest = interest;
            poller.Add(connection, interest, index); // already registered here: only the interest changes
        }

        // Orderly close (what TCP still holds is delivered, then FIN), and the slot back.
        private void Release(int index, Slot slot, TcpConnection connection)
        {
            connection.Dispose(); // also leaves the poller
            slot.Connection = null;
            slot.Session?.EndConnection(); // grown buffers back to the collector: see the top
            ReturnSlot(index);
            cache.Counters.ConnectionClosed(); // after the slot is free again: see the top
        }

        private void ReturnSlot(int index)
        {
            freeLock.Lock();
            freeSlots[freeCount++] = index;
            freeLock.Unlock();
        }
    }
}
