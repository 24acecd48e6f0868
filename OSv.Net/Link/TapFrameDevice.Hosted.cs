// A FrameDevice over a Linux tap interface, for hosted interop runs of the whole stack against
// Linux's own TCP/IP (hosted build only: P/Invoke into libc).
//
// Setup (Linux Documentation/networking/tuntap.rst): open /dev/net/tun non-blocking and attach
// it to a named interface with the TUNSETIFF ioctl, flags IFF_TAP | IFF_NO_PI, so each read(2)
// returns exactly one Ethernet frame and each write(2) sends one, with no packet-information
// prefix. The interface is not made persistent: it lives as long as this device's descriptor,
// so Dispose (or the process dying) removes it. The interface may be moved to another network
// namespace after Open (`ip link set NAME netns NS`); the descriptor keeps working, which is how
// the interop tests put Linux's side in a namespace of its own while this process stays in the
// root namespace.
//
// Receive lends without copying twice: TryTake reads the next frame straight into a free buffer
// of a fixed pool (ReceiveBufferCount buffers of BufferBytes, allocated at Open) and lends it as a
// FrameLease; Bytes views it; Return frees it. As in VirtioNetDevice, a lease that is not out
// (returned twice, or never lent) is refused and counted, so a buffer can never be lent twice.
// Buffers are larger than FrameBytesLimit so an oversized frame shows as one and is dropped.
// Transmit is one write(2) of the caller's span (the kernel copies it); a full queue (EAGAIN)
// returns false and is counted.
//
// Waiting: WaitForFrames polls the tap descriptor together with an eventfd; InterruptWait adds
// to the eventfd's counter, so it wakes a thread blocked in poll(2), and a wake given while no
// one waits is kept (the counter stays readable) for the next WaitForFrames, which drains it.
//
// After Open nothing allocates: the pool, the pollfd array and the eventfd's 8-byte buffers are
// fields. Caller rules: one thread receives (TryTake/Return/WaitForFrames) and one sends, as with
// any FrameDevice under the stack's lock; InterruptWait from any thread; Dispose only after the
// waiting thread has stopped (closing a descriptor another thread polls is a race in any program).
using System;
using System.Runtime.InteropServices;
using System.Threading;
using OSv.Net.Wire;

namespace OSv.Net.Link
{
    public sealed class TapFrameDevice : FrameDevice, IDisposable
    {
        public const int FrameBytesLimit = 1514;   // Ethernet header + the tap's default 1500-byte MTU
        public const int BufferBytes = 2048;       // > FrameBytesLimit: a longer frame is seen, and dropped
        public const int ReceiveBufferCount = 64;  // frames lent at once (the stack returns them promptly)
        public const int InterfaceNameBytesMax = 15; // IFNAMSIZ (16) less the terminating NUL
        public const string CloneDevicePath = "/dev/net/tun";

        // Malformed reads dropped within one TryTake before it gives up (bounds the loop).
        private const int DropsPerTakeMax = ReceiveBufferCount;

        private readonly MacAddress _address;
        private readonly string _interfaceName;
        private readonly byte[] _receiveBuffers = new byte[ReceiveBufferCount * BufferBytes];
        private readonly int[] _freeBuffers = new int[ReceiveBufferCount];
        private int _freeCount;

        // Buffers lent out (a FrameLease is out): Return accepts only these.
        private readonly bool[] _lent = new bool[ReceiveBufferCount];
        private readonly Native.PollFd[] _pollFds = new Native.PollFd[2];
        private readonly byte[] _eventDrain = new byte[sizeof(ulong)];
        private readonly byte[] _eventOne = { 1, 0, 0, 0, 0, 0, 0, 0 }; // eventfd adds a host-order u64
        private int _tapFd;
        private int _eventFd;

        public long FramesReceived { get; private set; }
        public long FramesSent { get; private set; }

        // Frames read but not lent: shorter than an Ethernet header, or longer than FrameBytesLimit.
        public long ReceiveDrops { get; private set; }

        // TryTake calls that found every buffer lent (frames wait in the kernel meanwhile).
        public long ReceivePoolEmpty { get; private set; }

        // read(2) failures other than "nothing to read".
        public long ReceiveErrors { get; private set; }
        public long InvalidReturns { get; private set; }

        // TrySend refusals: the kernel's queue was full (EAGAIN), the write failed otherwise, or
        // the frame was empty or longer than FrameBytesLimit.
        public long TransmitQueueFull { get; private set; }
        public long TransmitErrors { get; private set; }
        public long TransmitRejected { get; private set; }

        // InterruptWait calls (from any thread: counted atomically).
        private long _interrupts;
        public long Interrupts => Interlocked.Read(ref _interrupts);

        private TapFrameDevice(int tapFd, int eventFd, string interfaceName, MacAddress address)
        {
            _tapFd = tapFd;
            _eventFd = eventFd;
            _interfaceName = interfaceName;
            _address = address;
            for (int i = 0; i < ReceiveBufferCount; i++)
                _freeBuffers[i] = ReceiveBufferCount - 1 - i;
            _freeCount = ReceiveBufferCount;
            _pollFds[0].Fd = tapFd;
            _pollFds[1].Fd = eventFd;
        }

        // The name the kernel gave the interface (the one asked for).
        public string InterfaceName => _interfaceName;

        // The stack's own MAC, given to Open (Linux's side of the tap has its own).
        public override MacAddress Address => _address;

        // Up while the descriptor is open: a tap's carrier is on exactly while it is attached.
        public override bool LinkUp => Volatile.Read(ref _tapFd) >= 0;

        public override int FrameBytesMax => FrameBytesLimit;

        // Receive buffers not lent (ReceiveBufferCount when every lease has been returned).
        public int FreeReceiveBuffers => _freeCount;

        // Opens /dev/net/tun and attaches a new tap interface named interfaceName to it. Null, with
        // the reason, when the name is unusable, /dev/net/tun is missing or not ours to open, or the
        // name is taken by an interface this process cannot attach to.
        public static TapFrameDevice? Open(string interfaceName, MacAddress mac, out string? error)
        {
            if (!TryEncodeName(interfaceName, out byte[] ifreq, out error))
                return null;
            int tapFd = Native.open(CloneDevicePath, Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC);
            if (tapFd < 0)
            {
                error = OpenError(Marshal.GetLastPInvokeError());
                return null;
            }
            NativeOrder.WriteHostUInt16(ifreq, Native.IfreqFlagsOffset, Native.IFF_TAP | Native.IFF_NO_PI);
            if (Native.ioctl(tapFd, Native.TUNSETIFF, ref ifreq[0]) < 0)
            {
                error = AttachError(interfaceName, Marshal.GetLastPInvokeError());
                Native.close(tapFd);
                return null;
            }
            int eventFd = Native.eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC);
            if (eventFd < 0)
            {
                error = "TapFrameDevice: eventfd(2) failed, errno " + Marshal.GetLastPInvokeError();
                Native.close(tapFd);
                return null;
            }
            error = null;
            return new TapFrameDevice(tapFd, eventFd, interfaceName, mac);
        }

        private static bool TryEncodeName(string interfaceName, out byte[] ifreq, out string? error)
        {
            ifreq = new byte[Native.IfreqBytes];
            error = null;
            if (interfaceName.Length == 0 || interfaceName.Length > InterfaceNameBytesMax)
            {
                error = "TapFrameDevice: interface name '" + interfaceName + "' must be 1 to " + InterfaceNameBytesMax + " characters";
                return false;
            }
            for (int i = 0; i < interfaceName.Length; i++)
            {
                char c = interfaceName[i];
                if (c <= ' ' || c > '~' || c == '/' || c == ':' || c == '%')
                {
                    error = "TapFrameDevice: interface name '" + interfaceName + "' has a character Linux refuses ('" + c + "')";
                    return false;
                }
                ifreq[i] = (byte)c;
            }
            return true;
        }

        private static string OpenError(int errno) => errno switch
        {
            Native.ENOENT or Native.ENODEV or Native.ENXIO =>
                "TapFrameDevice: " + CloneDevicePath + " does not exist (no tun/tap support: load the tun module, or give the container the device)",
            Native.EACCES or Native.EPERM =>
                "TapFrameDevice: no permission to open " + CloneDevicePath + " (run as root or with CAP_NET_ADMIN)",
            _ => "TapFrameDevice: cannot open " + CloneDevicePath + ", errno " + errno,
        };

        private static string AttachError(string interfaceName, int errno) => errno switch
        {
            Native.EPERM or Native.EACCES =>
                "TapFrameDevice: no permission to create tap interface '" + interfaceName + "' (needs CAP_NET_ADMIN)",
            Native.EBUSY =>
                "TapFrameDevice: interface '" + interfaceName + "' is busy (a tap another descriptor holds)",
            Native.EINVAL =>
                "TapFrameDevice: interface '" + interfaceName + "' exists and is not a tap this process may attach to",
            _ => "TapFrameDevice: TUNSETIFF on '" + interfaceName + "' failed, errno " + errno,
        };

        // Reads the next frame into a free buffer and lends it; false when nothing waits, the
        // pool is empty, or the descriptor is closed. Malformed reads are dropped and counted.
        public override bool TryTake(out FrameLease frame)
        {
            frame = default;
            int fd = _tapFd;
            if (fd < 0)
                return false;
            if (_freeCount == 0)
            {
                ReceivePoolEmpty++;
                return false;
            }
            int buffer = _freeBuffers[_freeCount - 1];
            for (int attempt = 0; attempt < DropsPerTakeMax; attempt++)
            {
                nint bytesRead = Native.read(fd, ref _receiveBuffers[buffer * BufferBytes], BufferBytes);
                if (bytesRead < 0)
                {
                    if (Marshal.GetLastPInvokeError() != Native.EAGAIN)
                        ReceiveErrors++;
                    return false;
                }
                int length = (int)bytesRead;
                if (length < EthernetFrame.HeaderBytes || length > FrameBytesLimit)
                {
                    ReceiveDrops++; // the buffer was not lent: read the next frame into it
                    continue;
                }
                _freeCount--;
                _lent[buffer] = true;
                FramesReceived++;
                frame = new FrameLease(buffer, length);
                return true;
            }
            return false;
        }

        public override ReadOnlySpan<byte> Bytes(in FrameLease frame) =>
            new ReadOnlySpan<byte>(_receiveBuffers, frame.Buffer * BufferBytes, frame.Length);

        // Frees the lease's buffer. A lease that is not out is refused and counted: pushing its
        // buffer again would let two leases share it.
        public override void Return(in FrameLease frame)
        {
            if ((uint)frame.Buffer >= (uint)ReceiveBufferCount || !_lent[frame.Buffer])
            {
                InvalidReturns++;
                return;
            }
            _lent[frame.Buffer] = false;
            _freeBuffers[_freeCount++] = frame.Buffer;
        }

        // One write(2): a tap takes a whole frame or nothing.
        public override bool TrySend(ReadOnlySpan<byte> frame)
        {
            int fd = _tapFd;
            if (frame.IsEmpty || frame.Length > FrameBytesLimit || fd < 0)
            {
                TransmitRejected++;
                return false;
            }
            nint written = Native.write(fd, ref MemoryMarshal.GetReference(frame), frame.Length);
            if (written == frame.Length)
            {
                FramesSent++;
                return true;
            }
            if (written < 0 && Marshal.GetLastPInvokeError() == Native.EAGAIN)
                TransmitQueueFull++;
            else
                TransmitErrors++;
            return false;
        }

        // poll(2) on the tap and the eventfd: true when a frame is readable; false on timeout, on
        // InterruptWait (whose wake it consumes), on a signal, or once disposed. A negative timeout
        // waits without limit; a positive one rounds up to whole milliseconds (poll's unit), so
        // the wait never ends before the deadline the caller computed.
        public override bool WaitForFrames(long timeoutNanoseconds)
        {
            if (_tapFd < 0)
                return false;
            int timeoutMs = PollTimeoutMs(timeoutNanoseconds);
            _pollFds[0].Events = Native.POLLIN;
            _pollFds[0].ReturnedEvents = 0;
            _pollFds[1].Events = Native.POLLIN;
            _pollFds[1].ReturnedEvents = 0;
            if (Native.poll(ref _pollFds[0], (nuint)_pollFds.Length, timeoutMs) < 0)
                return false; // EINTR: the caller re-reads its deadline and waits again
            if ((_pollFds[1].ReturnedEvents & Native.POLLIN) != 0)
                Native.read(_eventFd, ref _eventDrain[0], _eventDrain.Length); // resets the counter
            return (_pollFds[0].ReturnedEvents & Native.POLLIN) != 0;
        }

        private static int PollTimeoutMs(long timeoutNanoseconds)
        {
            const long NanosecondsPerMillisecond = 1_000_000;
            if (timeoutNanoseconds < 0)
                return -1;
            long ms = timeoutNanoseconds / NanosecondsPerMillisecond
                + (timeoutNanoseconds % NanosecondsPerMillisecond != 0 ? 1 : 0);
            return ms > int.MaxValue ? int.MaxValue : (int)ms;
        }

        // Adds 1 to the eventfd's counter: wakes WaitForFrames now, or the next one.
        public override void InterruptWait()
        {
            int fd = Volatile.Read(ref _eventFd);
            if (fd < 0)
                return;
            Interlocked.Increment(ref _interrupts);
            Native.write(fd, ref _eventOne[0], _eventOne.Length); // EAGAIN only at counter 2^64-2: a wake is pending anyway
        }

        // Closes both descriptors; the kernel removes the (non-persistent) interface with the tap's.
        public void Dispose()
        {
            int tapFd = Interlocked.Exchange(ref _tapFd, -1);
            if (tapFd >= 0)
                Native.close(tapFd);
            int eventFd = Interlocked.Exchange(ref _eventFd, -1);
            if (eventFd >= 0)
                Native.close(eventFd);
        }

        // ifreq's flags are a host-order short (little-endian on every target OSv.NET runs on).
        private static class NativeOrder
        {
            public static void WriteHostUInt16(byte[] bytes, int offset, int value)
            {
                bytes[offset] = (byte)value;
                bytes[offset + 1] = (byte)(value >> 8);
            }
        }

        // The libc calls and constants this device needs (Linux x86-64/arm64 values; asm-generic
        // errno). DllImport with ref parameters: blittable, pinned for the call, no unsafe code.
        private static class Native
        {
            public const int O_RDWR = 0x2;
            public const int O_NONBLOCK = 0x800;
            public const int O_CLOEXEC = 0x80000;
            public const int EFD_NONBLOCK = O_NONBLOCK;
            public const int EFD_CLOEXEC = O_CLOEXEC;
            public const nuint TUNSETIFF = 0x400454ca; // _IOW('T', 202, int)
            public const int IFF_TAP = 0x0002;
            public const int IFF_NO_PI = 0x1000;
            public const int IfreqBytes = 40;          // struct ifreq on 64-bit Linux
            public const int IfreqFlagsOffset = 16;    // after char ifr_name[IFNAMSIZ]
            public const short POLLIN = 0x1;

            public const int EPERM = 1, ENOENT = 2, ENXIO = 6, EAGAIN = 11, EACCES = 13, EBUSY = 16, ENODEV = 19, EINVAL = 22;

            [StructLayout(LayoutKind.Sequential)]
            public struct PollFd
            {
                public int Fd;
                public short Events;
                public short ReturnedEvents;
            }

            [DllImport("libc", SetLastError = true)]
            public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

            [DllImport("libc", SetLastError = true)]
            public static extern int ioctl(int fd, nuint request, ref byte argument);

            [DllImport("libc", SetLastError = true)]
            public static extern int eventfd(uint initialValue, int flags);

            [DllImport("libc", SetLastError = true)]
            public static extern nint read(int fd, ref byte buffer, nint count);

            [DllImport("libc", SetLastError = true)]
            public static extern nint write(int fd, ref byte buffer, nint count);

            [DllImport("libc", SetLastError = true)]
            public static extern int poll(ref PollFd fds, nuint count, int timeoutMs);

            [DllImport("libc", SetLastError = true)]
            public static extern int close(int fd);
        }
    }
}
