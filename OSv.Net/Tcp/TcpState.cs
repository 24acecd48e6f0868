// The connection states of RFC 9293 section 3.3.2 (LISTEN belongs to TcpListenerBlock), and the
// reasons a connection ended abnormally, for the socket layer's error reporting.
namespace OSv.Net.Tcp
{
    public enum TcpState : byte
    {
        Closed,
        Listen,
        SynSent,
        SynReceived,
        Established,
        FinWait1,
        FinWait2,
        CloseWait,
        Closing,
        LastAck,
        TimeWait,
    }

    public enum TcpError : byte
    {
        None,
        Reset,     // the peer reset an established connection (ECONNRESET)
        TimedOut,  // retransmissions or keep-alive probes unanswered (ETIMEDOUT)
        Refused,   // a RST answered our SYN (ECONNREFUSED)
    }
}
