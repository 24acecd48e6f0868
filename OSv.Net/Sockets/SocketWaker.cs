// How the pure protocol code (which never blocks or touches threads) tells the blocking socket
// layer that something a caller may be waiting for happened. The socket layer installs one per
// socket; simulations leave it null. Wake runs with the stack's lock held: it must only record
// and signal (a CondVar broadcast, a WakeSignal), never call back into the stack.
namespace OSv.Net.Sockets
{
    [System.Flags]
    public enum SocketEvents
    {
        None = 0,
        Readable = 1,     // data to read, a connection to accept, or the peer's FIN (read returns 0)
        Writable = 2,     // send-buffer space, or a connect that completed
        HangUp = 4,       // both directions closed, or the connection reset
        Error = 8,        // a pending error (reset, timeout, refused)
    }

    public abstract class SocketWaker
    {
        public abstract void Wake(SocketEvents events);
    }
}
