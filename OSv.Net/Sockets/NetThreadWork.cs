// Work a server hands to the net thread instead of running a thread of its own (Network.RunOnNetThread).
//
// Why. A server thread blocked in Poller.Wait is woken by the net thread for every request: one
// context switch per wake-up, each costing microseconds under TCG (the scheduler's bookkeeping
// and a translated-block exit per call). A server with one worker (memcached -t 1) can instead
// serve its ready sockets on the net thread right after each pass over the device's frames: the
// frames of every connection that became ready in that pass are answered before the thread
// sleeps again, with no hand-off at all.
//
// Caller rules. RunOnce is called on the net thread, without the network's lock, after every
// pass; it must never block (use timeouts of 0: Poller.Wait(events, 0), Receive/Send with 0) and
// must be bounded. It returns true when it left work ready (a socket it yielded with input left):
// the net thread then takes another pass before it sleeps. A thread that makes a socket ready
// outside the net thread (e.g. an acceptor adding it to the poller) calls Network.WakeNetThread.
namespace OSv.Net.Sockets
{
    public interface INetThreadWork
    {
        bool RunOnce();
    }
}
