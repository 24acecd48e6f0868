namespace OSv.Net.Sockets
{
    // Why a socket operation failed (the BSD layer maps these to errno values later).
    public enum NetError
    {
        None,
        TimedOut,          // the caller's timeout passed (ETIMEDOUT / EAGAIN)
        ConnectionReset,   // the peer reset the connection, or retransmissions gave up (ECONNRESET)
        ConnectionRefused, // a reset answered our SYN (ECONNREFUSED)
        NotConnected,      // the connection is closed or closing (ENOTCONN / EPIPE)
        AddressInUse,      // the port is taken (EADDRINUSE)
        NoResources,       // a fixed table is full: connections, listeners, UDP sockets (ENOBUFS)
        NoRoute,           // the interface has no address yet, or no route (ENETUNREACH)
        MessageTooLong,    // a datagram larger than the link carries (EMSGSIZE)
    }
}
