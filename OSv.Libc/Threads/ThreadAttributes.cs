// pthread_attr_t (56 bytes in the caller's memory), laid out like glibc's struct pthread_attr
// where fields coincide; only pthread_attr_init (or pthread_getattr_np) gives it meaning:
//   offset  0  int   scheduling priority (sched_param; accepted, not used)
//   offset  4  int   scheduling policy (SCHED_OTHER 0, SCHED_FIFO 1, SCHED_RR 2; accepted)
//   offset  8  int   flags: DetachedFlag, ExplicitSchedFlag, ScopeProcessFlag, StackAddressFlag
//   offset 16  long  guard size (bytes; recorded: our stacks have one fixed guard page)
//   offset 24  long  stack's lowest address, when set by pthread_attr_setstack (recorded: a
//                    thread always runs on a stack of its own, of the requested size)
//   offset 32  long  stack size; 0 means LibcThread.DefaultStackBytes
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class ThreadAttributes
    {
        public const int Bytes = 56;
        public const int CreateJoinable = 0, CreateDetached = 1;   // PTHREAD_CREATE_*
        public const int ScopeSystem = 0, ScopeProcess = 1;        // PTHREAD_SCOPE_*
        public const int InheritSched = 0, ExplicitSched = 1;      // PTHREAD_*_SCHED
        private const int DetachedFlag = 1, ExplicitSchedFlag = 2, ScopeProcessFlag = 4, StackAddressFlag = 8;
        private const int SchedOther = 0, SchedRoundRobin = 2;

        private const int PriorityOffset = 0, PolicyOffset = 4, FlagsOffset = 8, GuardOffset = 16, StackAddressOffset = 24, StackSizeOffset = 32;

        public static int Init(byte* attributes)
        {
            if (attributes == null)
                return ErrnoCodes.EINVAL;
            new System.Span<byte>(attributes, Bytes).Clear();
            *(long*)(attributes + GuardOffset) = ThreadLimits.GuardBytesDefault;
            return 0;
        }

        public static int Destroy(byte* attributes) => attributes == null ? ErrnoCodes.EINVAL : 0;

        // What pthread_create reads; a null attr means every default.
        public static void Read(byte* attributes, out long stackBytes, out bool detached)
        {
            stackBytes = attributes == null ? 0 : *(long*)(attributes + StackSizeOffset);
            if (stackBytes == 0)
                stackBytes = LibcThread.DefaultStackBytes;
            detached = attributes != null && (*(int*)(attributes + FlagsOffset) & DetachedFlag) != 0;
        }

        public static int SetDetachState(byte* attributes, int state)
        {
            if (attributes == null || (state != CreateJoinable && state != CreateDetached))
                return ErrnoCodes.EINVAL;
            SetFlag(attributes, DetachedFlag, state == CreateDetached);
            return 0;
        }

        public static int GetDetachState(byte* attributes, int* state) =>
            GetInt(attributes, state, HasFlag(attributes, DetachedFlag) ? CreateDetached : CreateJoinable);

        public static int SetStackSize(byte* attributes, nuint bytes)
        {
            if (attributes == null || bytes < (nuint)ThreadLimits.StackBytesMin || bytes > int.MaxValue)
                return ErrnoCodes.EINVAL;
            *(long*)(attributes + StackSizeOffset) = (long)bytes;
            return 0;
        }

        public static int GetStackSize(byte* attributes, nuint* bytes)
        {
            if (attributes == null || bytes == null)
                return ErrnoCodes.EINVAL;
            long size = *(long*)(attributes + StackSizeOffset);
            *bytes = (nuint)(size != 0 ? size : LibcThread.DefaultStackBytes);
            return 0;
        }

        public static int SetStack(byte* attributes, nint lowestAddress, nuint bytes)
        {
            int invalid = SetStackSize(attributes, bytes);
            if (invalid != 0)
                return invalid;
            *(long*)(attributes + StackAddressOffset) = lowestAddress;
            SetFlag(attributes, StackAddressFlag, true);
            return 0;
        }

        public static int GetStack(byte* attributes, nint* lowestAddress, nuint* bytes)
        {
            if (attributes == null || lowestAddress == null || bytes == null)
                return ErrnoCodes.EINVAL;
            *lowestAddress = (nint)(*(long*)(attributes + StackAddressOffset));
            return GetStackSize(attributes, bytes);
        }

        // What pthread_getattr_np reports for a running thread.
        public static void Describe(byte* attributes, nint stackLowestAddress, long stackBytes, bool detached)
        {
            Init(attributes);
            *(long*)(attributes + StackAddressOffset) = stackLowestAddress;
            *(long*)(attributes + StackSizeOffset) = stackBytes;
            SetFlag(attributes, StackAddressFlag, true);
            SetFlag(attributes, DetachedFlag, detached);
        }

        public static int SetGuardSize(byte* attributes, nuint bytes)
        {
            if (attributes == null)
                return ErrnoCodes.EINVAL;
            *(long*)(attributes + GuardOffset) = (long)bytes;
            return 0;
        }

        public static int GetGuardSize(byte* attributes, nuint* bytes)
        {
            if (attributes == null || bytes == null)
                return ErrnoCodes.EINVAL;
            *bytes = (nuint)(*(long*)(attributes + GuardOffset));
            return 0;
        }

        public static int SetSchedPolicy(byte* attributes, int policy)
        {
            if (attributes == null || policy < SchedOther || policy > SchedRoundRobin)
                return ErrnoCodes.EINVAL;
            *(int*)(attributes + PolicyOffset) = policy;
            return 0;
        }

        public static int GetSchedPolicy(byte* attributes, int* policy) =>
            GetInt(attributes, policy, attributes == null ? 0 : *(int*)(attributes + PolicyOffset));

        // sched_param is one int, the priority.
        public static int SetSchedParam(byte* attributes, int* parameter)
        {
            if (attributes == null || parameter == null)
                return ErrnoCodes.EINVAL;
            *(int*)(attributes + PriorityOffset) = *parameter;
            return 0;
        }

        public static int GetSchedParam(byte* attributes, int* parameter) =>
            GetInt(attributes, parameter, attributes == null ? 0 : *(int*)(attributes + PriorityOffset));

        public static int SetInheritSched(byte* attributes, int inherit)
        {
            if (attributes == null || (inherit != InheritSched && inherit != ExplicitSched))
                return ErrnoCodes.EINVAL;
            SetFlag(attributes, ExplicitSchedFlag, inherit == ExplicitSched);
            return 0;
        }

        public static int GetInheritSched(byte* attributes, int* inherit) =>
            GetInt(attributes, inherit, HasFlag(attributes, ExplicitSchedFlag) ? ExplicitSched : InheritSched);

        // Linux supports only system scope (glibc: ENOTSUP for PTHREAD_SCOPE_PROCESS).
        public static int SetScope(byte* attributes, int scope)
        {
            if (attributes == null || (scope != ScopeSystem && scope != ScopeProcess))
                return ErrnoCodes.EINVAL;
            return scope == ScopeSystem ? 0 : ErrnoCodes.ENOTSUP;
        }

        public static int GetScope(byte* attributes, int* scope) => GetInt(attributes, scope, ScopeSystem);

        private static bool HasFlag(byte* attributes, int flag) =>
            attributes != null && (*(int*)(attributes + FlagsOffset) & flag) != 0;

        private static void SetFlag(byte* attributes, int flag, bool on)
        {
            int* flags = (int*)(attributes + FlagsOffset);
            *flags = on ? *flags | flag : *flags & ~flag;
        }

        private static int GetInt(byte* attributes, int* result, int value)
        {
            if (attributes == null || result == null)
                return ErrnoCodes.EINVAL;
            *result = value;
            return 0;
        }
    }
}
