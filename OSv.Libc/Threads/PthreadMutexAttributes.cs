// pthread_mutexattr_t (4 bytes, one int in the caller's memory), our own encoding since only
// pthread_mutexattr_init gives it meaning:
//   bits 0-1  type (PTHREAD_MUTEX_NORMAL 0, RECURSIVE 1, ERRORCHECK 2, ADAPTIVE_NP 3)
//   bit  7    process-shared (accepted: one address space)
//   bits 8-9  protocol (PTHREAD_PRIO_NONE 0, INHERIT 1, PROTECT 2; accepted, no priorities)
//   bit  10   robust (PTHREAD_MUTEX_ROBUST 1; accepted, owners never die unseen here)
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadMutexAttributes
    {
        private const int TypeMask = 3;
        private const int SharedBit = 1 << 7;
        private const int ProtocolShift = 8, ProtocolMask = 3 << ProtocolShift;
        private const int RobustBit = 1 << 10;

        public static int TypeOf(int attributes) => attributes & TypeMask;

        public static int Init(int* attributes) => Store(attributes, 0);

        public static int Destroy(int* attributes) => attributes == null ? ErrnoCodes.EINVAL : 0;

        public static int SetType(int* attributes, int type)
        {
            if (attributes == null || type < PthreadMutex.KindNormal || type > PthreadMutex.KindAdaptive)
                return ErrnoCodes.EINVAL;
            return Store(attributes, (*attributes & ~TypeMask) | type);
        }

        public static int GetType(int* attributes, int* type)
        {
            if (attributes == null || type == null)
                return ErrnoCodes.EINVAL;
            *type = *attributes & TypeMask;
            return 0;
        }

        public static int SetShared(int* attributes, int shared)
        {
            if (attributes == null || (shared != 0 && shared != 1))
                return ErrnoCodes.EINVAL;
            return Store(attributes, shared != 0 ? *attributes | SharedBit : *attributes & ~SharedBit);
        }

        public static int GetShared(int* attributes, int* shared)
        {
            if (attributes == null || shared == null)
                return ErrnoCodes.EINVAL;
            *shared = (*attributes & SharedBit) != 0 ? 1 : 0;
            return 0;
        }

        public static int SetProtocol(int* attributes, int protocol)
        {
            if (attributes == null || protocol < 0 || protocol > 2)
                return ErrnoCodes.EINVAL;
            return Store(attributes, (*attributes & ~ProtocolMask) | (protocol << ProtocolShift));
        }

        public static int GetProtocol(int* attributes, int* protocol)
        {
            if (attributes == null || protocol == null)
                return ErrnoCodes.EINVAL;
            *protocol = (*attributes & ProtocolMask) >> ProtocolShift;
            return 0;
        }

        public static int SetRobust(int* attributes, int robust)
        {
            if (attributes == null || (robust != 0 && robust != 1))
                return ErrnoCodes.EINVAL;
            return Store(attributes, robust != 0 ? *attributes | RobustBit : *attributes & ~RobustBit);
        }

        public static int GetRobust(int* attributes, int* robust)
        {
            if (attributes == null || robust == null)
                return ErrnoCodes.EINVAL;
            *robust = (*attributes & RobustBit) != 0 ? 1 : 0;
            return 0;
        }

        private static int Store(int* attributes, int value)
        {
            if (attributes == null)
                return ErrnoCodes.EINVAL;
            *attributes = value;
            return 0;
        }
    }
}
