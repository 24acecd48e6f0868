// A FrameDevice for hosted simulations: received frames live in a fixed pool of buffers and are
// lent by number, as a driver lends its receive ring's buffers, so tests can check that the stack
// returns every lease (LeasesOutstanding) and returns nothing twice (BadReturns). Frames arrive
// from a SimulatedWire (delivered at their virtual time) or from TryInject; sent frames go to the
// wire, or, with no wire attached, into SentFrames for the test to inspect.
//
// Buffer states: Free -> Queued (holding a received frame) -> Lent (TryTake) -> Free (Return).
// A frame that finds no free buffer is dropped and counted, like a full receive ring.
// WaitForFrames never blocks: simulated time moves only in the simulation loop.
using System;
using System.Collections.Generic;
using OSv.Net.Link;
using OSv.Net.Wire;

namespace OSv.Net.Tests.Simulation
{
    public sealed class SimulatedFrameDevice : FrameDevice
    {
        public const int DefaultBuffers = 64;
        public const int DefaultFrameBytesMax = 1514; // 1500-byte MTU + Ethernet header

        private enum BufferState : byte { Free, Queued, Lent }

        private readonly byte[][] _buffers;
        private readonly int[] _lengths;
        private readonly BufferState[] _states;
        private readonly int[] _free;       // stack of free buffer numbers
        private int _freeCount;
        private readonly int[] _received;   // FIFO ring of queued buffer numbers
        private int _receivedHead;
        private int _receivedCount;
        private readonly MacAddress _address;
        private readonly int _frameBytesMax;

        public SimulatedFrameDevice(MacAddress address, int buffers = DefaultBuffers, int frameBytesMax = DefaultFrameBytesMax)
        {
            _address = address;
            _frameBytesMax = frameBytesMax;
            _buffers = new byte[buffers][];
            _lengths = new int[buffers];
            _states = new BufferState[buffers];
            _free = new int[buffers];
            _received = new int[buffers];
            for (int i = 0; i < buffers; i++)
            {
                _buffers[i] = new byte[frameBytesMax];
                _free[i] = buffers - 1 - i; // buffer 0 is taken first
            }
            _freeCount = buffers;
        }

        internal SimulatedWire? Wire { get; set; }

        public override MacAddress Address => _address;

        public override bool LinkUp => true;

        public override int FrameBytesMax => _frameBytesMax;

        public int BufferCount => _buffers.Length;

        public int LeasesOutstanding { get; private set; }

        public int FramesQueued => _receivedCount;

        public long BadReturns { get; private set; }

        public long BadLeaseReads { get; private set; }

        public long ReceiveDropped { get; private set; }

        public long SendRefused { get; private set; }

        public long Sent { get; private set; }

        // With no wire attached: every frame sent, in order.
        public List<byte[]> SentFrames { get; } = new List<byte[]>();

        // Puts a frame in the receive queue as if it had arrived; false (counted) when no buffer
        // is free, or the frame is empty or too long.
        public bool TryInject(ReadOnlySpan<byte> frame)
        {
            if (frame.Length == 0 || frame.Length > _frameBytesMax || _freeCount == 0)
            {
                ReceiveDropped++;
                return false;
            }
            int buffer = _free[--_freeCount];
            frame.CopyTo(_buffers[buffer]);
            _lengths[buffer] = frame.Length;
            _states[buffer] = BufferState.Queued;
            _received[(_receivedHead + _receivedCount) % _received.Length] = buffer;
            _receivedCount++;
            return true;
        }

        public override bool TryTake(out FrameLease frame)
        {
            Wire?.DeliverDue();
            if (_receivedCount == 0)
            {
                frame = default;
                return false;
            }
            int buffer = _received[_receivedHead];
            _receivedHead = (_receivedHead + 1) % _received.Length;
            _receivedCount--;
            _states[buffer] = BufferState.Lent;
            LeasesOutstanding++;
            frame = new FrameLease(buffer, _lengths[buffer]);
            return true;
        }

        public override ReadOnlySpan<byte> Bytes(in FrameLease frame)
        {
            if (!IsLent(frame))
            {
                BadLeaseReads++;
                return ReadOnlySpan<byte>.Empty;
            }
            return _buffers[frame.Buffer].AsSpan(0, frame.Length);
        }

        public override void Return(in FrameLease frame)
        {
            if (!IsLent(frame))
            {
                BadReturns++;
                return;
            }
            _states[frame.Buffer] = BufferState.Free;
            _free[_freeCount++] = frame.Buffer;
            LeasesOutstanding--;
        }

        public override bool TrySend(ReadOnlySpan<byte> frame)
        {
            if (frame.Length == 0 || frame.Length > _frameBytesMax)
            {
                SendRefused++;
                return false;
            }
            Sent++;
            if (Wire != null)
                Wire.Send(this, frame);
            else
                SentFrames.Add(frame.ToArray());
            return true;
        }

        public override bool WaitForFrames(long timeoutNanoseconds)
        {
            Wire?.DeliverDue();
            return _receivedCount > 0;
        }

        // The simulation is single-threaded: nobody is ever blocked in WaitForFrames.
        public override void InterruptWait()
        {
        }

        private bool IsLent(in FrameLease frame) =>
            (uint)frame.Buffer < (uint)_buffers.Length && _states[frame.Buffer] == BufferState.Lent &&
            frame.Length == _lengths[frame.Buffer];
    }
}
