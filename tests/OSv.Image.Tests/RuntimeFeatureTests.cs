// Boots the RuntimeFeatures image once; each test asserts that one feature's guest-side checks
// passed. The guest prints "PASS <check>" or "FAIL <check>: ..." (tests/images/RuntimeFeatures).
using System;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class RuntimeFeatureTests
    {
        private const int AllChecksPassedExitCode = 42;

        private static readonly Lazy<CommandResult> Boot = new(() => Repository.Osv("run", Images.RuntimeFeatures, "--timeout", "120"));

        public static readonly TheoryData<string, string[]> Features = new()
        {
            { "object and string", new[] { "string.concat", "string.concat.many", "string.length", "string.index", "string.equality", "string.inequality", "string.substring", "string.unicode.length", "virtual.tostring" } },
            { "integer formatting", new[] { "int.format.positive", "int.format.negative", "long.format", "ulong.format", "int.format.hex", "concat.int", "int.parse", "int.parse.rejects" } },
            { "arrays", new[] { "array.int.sum", "array.string.initializer", "array.constant.initializer", "array.object", "array.copy", "array.empty" } },
            { "spans", new[] { "span.stackalloc", "span.slice.writes.through", "span.u8.literal", "span.string", "span.fill.clear" } },
            { "generics", new[] { "generic.value", "generic.reference", "generic.method.value", "generic.method.reference", "generic.struct" } },
            { "interface dispatch", new[] { "interface.dispatch", "interface.name.square", "interface.name.circle", "interface.state", "interface.inherited.override", "interface.dispatch.many.implementations", "interface.dispatch.default.name" } },
            { "virtual calls", new[] { "virtual.dispatch", "virtual.base.call" } },
            { "delegates", new[] { "delegate.static", "delegate.instance", "delegate.closure", "delegate.action", "delegate.passed" } },
            { "static constructors", new[] { "cctor.lazy", "cctor.value", "cctor.value.again", "cctor.ran.once", "static.readonly.array" } },
            { "boxing", new[] { "box.is", "unbox", "box.tostring", "unbox.struct", "box.equals", "nullable.value" } },
            { "unsafe code", new[] { "unsafe.pointer", "unsafe.as", "unsafe.sizeof", "unsafe.fixed", "unsafe.fixed.string" } },
            { "atomics", new[] { "atomic.cas.success", "atomic.cas.failure", "atomic.exchange", "atomic.increment", "atomic.add.long", "volatile.reference" } },
            { "casting", new[] { "cast.is.base", "cast.is.base.of.base", "cast.is.not", "cast.as.null", "cast.castclass", "cast.interface", "cast.interface.inherited", "cast.array.covariant", "cast.array.base", "cast.array.not", "cast.array.store.checked" } },
        };

        [Theory]
        [MemberData(nameof(Features))]
        public void Feature_InGuest_AllChecksPass(string feature, string[] checks)
        {
            string[] lines = Boot.Value.Lines;
            foreach (string check in checks)
                Assert.True(lines.Contains("PASS " + check), feature + ": no 'PASS " + check + "' from the guest:\n" + Boot.Value.Describe());
        }

        [Fact]
        public void Guest_ReportsNoFailures()
        {
            Assert.DoesNotContain(Boot.Value.Lines, line => line.StartsWith("FAIL", StringComparison.Ordinal));
            Assert.Contains(Boot.Value.Lines, line => line.StartsWith("SUMMARY passed=", StringComparison.Ordinal) && line.EndsWith(" failed=0", StringComparison.Ordinal));
        }

        [Fact]
        public void Guest_EveryCheckIsCoveredByATest()
        {
            var expected = Features.Select(row => (string[])row[1]).SelectMany(checks => checks).ToHashSet();
            var reported = Boot.Value.Lines.Where(line => line.StartsWith("PASS ", StringComparison.Ordinal)).Select(line => line[5..]);
            Assert.DoesNotContain(reported, check => !expected.Contains(check));
        }

        [Fact]
        public void ConsoleAndPlatform_GreetingComesFromTheMetalTarget()
        {
            Assert.Contains("runtime features on metal", Boot.Value.Lines);
        }

        [Fact]
        public void EnvironmentExit_CodeReachesTheHost()
        {
            Assert.True(Boot.Value.ExitCode == AllChecksPassedExitCode, Boot.Value.Describe());
        }

        [Fact]
        public void Run_SaysWhichAccelerator()
        {
            Assert.Matches("osv: accelerator: (tcg|kvm)", Boot.Value.Errors);
        }
    }
}
