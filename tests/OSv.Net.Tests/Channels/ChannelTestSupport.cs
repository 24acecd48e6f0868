using OSv.Net.Sockets;

namespace OSv.Net.Tests.Channels
{
    internal sealed class RecordingWaker : SocketWaker
    {
        public int Wakes;
        public SocketEvents Last;

        public override void Wake(SocketEvents events)
        {
            Wakes++;
            Last = events;
        }
    }
}
