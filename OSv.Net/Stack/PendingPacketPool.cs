// Buffers for IPv4 packets whose next hop is still being resolved (RFC 1122 2.3.2.2: hold at
// least one packet per unresolved address). ArpCache queues int handles, never bytes; this pool
// gives the handles meaning: handle i is frame buffer i, holding a whole Ethernet frame whose
// destination address is filled in when ARP answers.
//
// Fixed: NetLimits.PendingPacketsMax buffers of one frame each, allocated at construction, and a
// stack of free handles. Invariant: a handle is either on the free stack or held by exactly one
// ArpCache queue (or in the caller's hands between Take and Enqueue, or between the cache handing
// it back and Free); _freeCount + held == PendingPacketsMax.
using System;

namespace OSv.Net.Stack
{
    internal sealed class PendingPacketPool
    {
        private readonly byte[] _frames;
        private readonly int[] _lengths;
        private readonly int[] _free;
        private readonly int _frameBytes;
        private int _freeCount;

        public PendingPacketPool(int frameBytes)
        {
            _frameBytes = frameBytes;
            _frames = new byte[NetLimits.PendingPacketsMax * frameBytes];
            _lengths = new int[NetLimits.PendingPacketsMax];
            _free = new int[NetLimits.PendingPacketsMax];
            for (int i = 0; i < _free.Length; i++)
                _free[i] = _free.Length - 1 - i; // handle 0 is taken first
            _freeCount = _free.Length;
        }

        public int HeldCount => NetLimits.PendingPacketsMax - _freeCount;

        // Copies frame into a free buffer; false when none is free.
        public bool TryHold(ReadOnlySpan<byte> frame, out int handle)
        {
            handle = -1;
            if (_freeCount == 0 || frame.Length > _frameBytes)
                return false;
            handle = _free[--_freeCount];
            frame.CopyTo(new Span<byte>(_frames, handle * _frameBytes, _frameBytes));
            _lengths[handle] = frame.Length;
            return true;
        }

        // The held frame, writable (the caller fills in the Ethernet destination).
        public Span<byte> Frame(int handle) => new Span<byte>(_frames, handle * _frameBytes, _lengths[handle]);

        public void Free(int handle)
        {
            _lengths[handle] = 0;
            _free[_freeCount++] = handle;
        }
    }
}
