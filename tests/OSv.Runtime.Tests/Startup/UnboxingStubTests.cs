// RhGetCodeTarget's decoding of ilc's x64 unboxing stub (add rdi, 8; jmp rel32), on byte buffers.
using OSv.Runtime.Startup;
using Xunit;

namespace OSv.Runtime.Tests.Startup
{
    public unsafe class UnboxingStubTests
    {
        [Fact]
        public void UnboxingStub_ForwardJump_TargetIsAfterTheJumpPlusDisplacement()
        {
            byte[] code = { 0x48, 0x83, 0xc7, 0x08, 0xe9, 0x10, 0x00, 0x00, 0x00, 0x90 };
            fixed (byte* start = code)
            {
                Assert.True(UnboxingStub.IsUnboxingStub(start));
                Assert.Equal((nint)(start + 9 + 0x10), (nint)UnboxingStub.TargetOf(start));
            }
        }

        [Fact]
        public void UnboxingStub_BackwardJump_TargetIsBeforeTheStub()
        {
            byte[] code = { 0x48, 0x83, 0xc7, 0x08, 0xe9, 0xf0, 0xff, 0xff, 0xff };
            fixed (byte* start = code)
                Assert.Equal((nint)(start + 9 - 0x10), (nint)UnboxingStub.TargetOf(start));
        }

        [Fact]
        public void OrdinaryMethodProlog_IsItsOwnTarget()
        {
            byte[] code = { 0x55, 0x48, 0x89, 0xe5, 0xe9, 0x00, 0x00, 0x00, 0x00 }; // push rbp; mov rbp, rsp
            fixed (byte* start = code)
            {
                Assert.False(UnboxingStub.IsUnboxingStub(start));
                Assert.Equal((nint)start, (nint)UnboxingStub.TargetOf(start));
            }
        }

        [Fact]
        public void AddRdiOtherThanEight_IsNotAnUnboxingStub()
        {
            byte[] code = { 0x48, 0x83, 0xc7, 0x10, 0xe9, 0x10, 0x00, 0x00, 0x00 };
            fixed (byte* start = code)
                Assert.Equal((nint)start, (nint)UnboxingStub.TargetOf(start));
        }

        [Fact]
        public void NullCode_IsNull()
        {
            Assert.Equal((nint)0, (nint)UnboxingStub.TargetOf(null));
        }
    }
}
