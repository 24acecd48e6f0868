// A FrameDevice for hosted tests: frames fed by the test come out of TryTake in order, frames the
// stack sends are recorded (copied) in Sent, and every lent buffer must be returned. With
// Recording off it only counts sends and keeps the last one in a fixed buffer, so that a test can
// measure allocation.
using System;
using System.Collections.Generic;
using OSv.Net.Link;
using OSv.Net.Wire;

namespace OSv.Net.Tests.Stack
{
    internal sealed class FakeFrameDevice : FrameDevice
    {
        private readonly Queue<byte[]> _incoming = new Queue<byte[]>();
        private readonly Dictionary<int, byte[]> _lent = new Dictionary<int, byte[]>();
        private readonly byte[] _last = new byte[2048];
        private int _nextBuffer;

        public FakeFrameDevice(MacAddress address, int frameBytesMax = 1514)
        {
            Address = address;
            FrameBytesMax = frameBytesMax;
        }

        public override MacAddress Address { get; }
        public override bool LinkUp => true;
        public override int FrameBytesMax { get; }

        public List<byte[]> Sent { get; } = new List<byte[]>();
        public bool Recording { get; set; } = true;
        public bool Full { get; set; }
        public int SentCount { get; private set; }
        public int LastLength { get; private set; }
        public ReadOnlySpan<byte> Last => _last.AsSpan(0, LastLength);
        public int Returned { get; private set; }
        public int Outstanding => _lent.Count;

        public void Feed(byte[] frame) => _incoming.Enqueue(frame);

        public override bool TryTake(out FrameLease frame)
        {
            frame = default;
            if (_incoming.Count == 0)
                return false;
            byte[] bytes = _incoming.Dequeue();
            int buffer = _nextBuffer++;
            _lent.Add(buffer, bytes);
            frame = new FrameLease(buffer, bytes.Length);
            return true;
        }

        public override ReadOnlySpan<byte> Bytes(in FrameLease frame) => _lent[frame.Buffer];

        public override void Return(in FrameLease frame)
        {
            Xunit.Assert.True(_lent.Remove(frame.Buffer));
            Returned++;
        }

        public override bool TrySend(ReadOnlySpan<byte> frame)
        {
            if (Full || frame.IsEmpty || frame.Length > FrameBytesMax)
                return false;
            SentCount++;
            LastLength = frame.Length;
            frame.CopyTo(_last);
            if (Recording)
                Sent.Add(frame.ToArray());
            return true;
        }

        public override bool WaitForFrames(long timeoutNanoseconds) => _incoming.Count > 0;

        // Tests drive the stack from one thread: nobody is ever blocked in WaitForFrames.
        public override void InterruptWait()
        {
        }

        // The one frame sent since the last call; fails unless exactly one was.
        public byte[] TakeOne()
        {
            Xunit.Assert.Single(Sent);
            byte[] frame = Sent[0];
            Sent.Clear();
            return frame;
        }

        public void ExpectNothingSent() => Xunit.Assert.Empty(Sent);
    }
}
