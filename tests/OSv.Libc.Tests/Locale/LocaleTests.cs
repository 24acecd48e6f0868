// The C locale: setlocale's answers, localeconv's fields, every nl_langinfo item against the
// host's glibc in "C", and the ASCII multibyte functions against glibc's C locale behaviour.
using System;
using System.Runtime.InteropServices;
using OSv.Libc.Errors;
using OSv.Libc.Tests.Misc;
using Xunit;

namespace OSv.Libc.Tests.Locale
{
    public sealed unsafe class LocaleTests
    {
        private const int LcAll = 6, LcCtype = 0, LcIdentification = 12, LcAllMask = 0x1FBF;

        [Theory]
        [InlineData(LcAll, "C")]
        [InlineData(LcAll, "POSIX")]
        [InlineData(LcAll, "")]
        [InlineData(LcCtype, null)]
        [InlineData(LcIdentification, "C")]
        public void Setlocale_CNames_AreC(int category, string? name)
        {
            Assert.Equal("C", SetLocale(category, name));
        }

        [Theory]
        [InlineData("en_US.UTF-8")]
        [InlineData("C.UTF-8")]
        [InlineData("POSIXX")]
        public void Setlocale_OtherNames_AreNullEnoent(string name)
        {
            PosixExports.ClearErrno();
            Assert.Null(SetLocale(LcAll, name));
            Assert.Equal(ErrnoCodes.ENOENT, PosixExports.Errno);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(13)]
        public void Setlocale_BadCategory_IsNullEinval(int category)
        {
            PosixExports.ClearErrno();
            Assert.Null(SetLocale(category, "C"));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Localeconv_IsTheCLocales()
        {
            var localeconv = (delegate* unmanaged<byte*>)PosixExports.Address("localeconv");
            byte* lconv = localeconv();
            byte** strings = (byte**)lconv;
            Assert.Equal(".", PosixExports.Read(strings[0]));
            for (int i = 1; i < 10; i++)
                Assert.Equal("", PosixExports.Read(strings[i]));
            for (int i = 0; i < 14; i++)
                Assert.Equal(127, lconv[80 + i]);
        }

        [Fact]
        public void NlLanginfo_EveryItem_MatchesGlibcInC()
        {
            nint hostC = HostLibc.NewLocale(LcAllMask, "C", 0);
            Assert.NotEqual(0, hostC);
            var langinfo = (delegate* unmanaged<int, byte*>)PosixExports.Address("nl_langinfo");
            int[] items = { 14, 0x10000, 0x10001, 0x4000F, 0x50000, 0x50001, 0x50002, 0x50003, 0x2006C, 0x7FFF_FFFF, -1 };
            foreach (int item in items)
                Assert.Equal(PosixExports.Read(HostLibc.LanguageInfo(item, hostC)), PosixExports.Read(langinfo(item)));
            for (int item = 0x20000; item <= 0x20031; item++)
                Assert.Equal(PosixExports.Read(HostLibc.LanguageInfo(item, hostC)), PosixExports.Read(langinfo(item)));
        }

        [Fact]
        public void Newlocale_C_IsUsable_OthersRefused()
        {
            var newlocale = (delegate* unmanaged<int, byte*, nint, nint>)PosixExports.Address("newlocale");
            var uselocale = (delegate* unmanaged<nint, nint>)PosixExports.Address("uselocale");
            byte* c = PosixExports.CString("C");
            byte* other = PosixExports.CString("de_DE");
            nint locale = newlocale(LcAllMask, c, 0);
            Assert.NotEqual(0, locale);
            PosixExports.ClearErrno();
            Assert.Equal(0, newlocale(LcAllMask, other, 0));
            Assert.Equal(ErrnoCodes.ENOENT, PosixExports.Errno);
            PosixExports.ClearErrno();
            Assert.Equal(0, newlocale(1 << 20, c, 0));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            nint previous = uselocale(locale);
            Assert.Equal(locale, uselocale(0));
            uselocale(previous);
            PosixExports.Free(c);
            PosixExports.Free(other);
        }

        [Fact]
        public void MbCurMax_IsOne()
        {
            var mbCurMax = (delegate* unmanaged<nuint>)PosixExports.Address("__ctype_get_mb_cur_max");
            Assert.Equal((nuint)1, mbCurMax());
        }

        [Fact]
        public void Mbrtowc_Ascii_NulAndHighBytes_AsGlibcsCLocale()
        {
            var mbrtowc = (delegate* unmanaged<int*, byte*, nuint, void*, nuint>)PosixExports.Address("mbrtowc");
            int wide = -5;
            byte* text = stackalloc byte[] { (byte)'a', 0, 0x80 };
            Assert.Equal((nuint)1, mbrtowc(&wide, text, 1, null));
            Assert.Equal('a', wide);
            Assert.Equal((nuint)0, mbrtowc(&wide, text + 1, 1, null));
            Assert.Equal(0, wide);
            Assert.Equal(nuint.MaxValue - 1, mbrtowc(&wide, text, 0, null));
            Assert.Equal((nuint)0, mbrtowc(null, null, 0, null));
            PosixExports.ClearErrno();
            Assert.Equal(nuint.MaxValue, mbrtowc(&wide, text + 2, 1, null));
            Assert.Equal(ErrnoCodes.EILSEQ, PosixExports.Errno);
        }

        [Fact]
        public void MblenMbtowcWctomb_FollowGlibcsCLocale()
        {
            var mblen = (delegate* unmanaged<byte*, nuint, int>)PosixExports.Address("mblen");
            var mbtowc = (delegate* unmanaged<int*, byte*, nuint, int>)PosixExports.Address("mbtowc");
            var wctomb = (delegate* unmanaged<byte*, int, int>)PosixExports.Address("wctomb");
            byte* text = stackalloc byte[] { (byte)'z', 0xFF, 0 };
            int wide;
            Assert.Equal(0, mblen(null, 1));
            Assert.Equal(1, mblen(text, 1));
            Assert.Equal(-1, mblen(text, 0));
            Assert.Equal(-1, mblen(text + 1, 1));
            Assert.Equal(0, mblen(text + 2, 1));
            Assert.Equal(1, mbtowc(&wide, text, 4));
            Assert.Equal('z', wide);
            byte* output = stackalloc byte[4];
            Assert.Equal(0, wctomb(null, 'a'));
            Assert.Equal(1, wctomb(output, 'q'));
            Assert.Equal((byte)'q', output[0]);
            PosixExports.ClearErrno();
            Assert.Equal(-1, wctomb(output, 0xE9));
            Assert.Equal(ErrnoCodes.EILSEQ, PosixExports.Errno);
        }

        [Fact]
        public void StringConversions_StopAtNulOrCount_AndRefuseHighCharacters()
        {
            var mbstowcs = (delegate* unmanaged<int*, byte*, nuint, nuint>)PosixExports.Address("mbstowcs");
            var wcstombs = (delegate* unmanaged<byte*, int*, nuint, nuint>)PosixExports.Address("wcstombs");
            byte* text = PosixExports.CString("abc");
            int* wide = stackalloc int[8];
            Assert.Equal((nuint)3, mbstowcs(null, text, 0));
            Assert.Equal((nuint)3, mbstowcs(wide, text, 8));
            Assert.Equal(new[] { 'a', 'b', 'c', 0 }, new[] { wide[0], wide[1], wide[2], wide[3] });
            Assert.Equal((nuint)2, mbstowcs(wide, text, 2));
            byte* back = stackalloc byte[8];
            Assert.Equal((nuint)3, wcstombs(back, wide, 8));
            Assert.Equal("abc", PosixExports.Read(back));
            wide[1] = 0x100;
            Assert.Equal(nuint.MaxValue, wcstombs(back, wide, 8));
            PosixExports.Free(text);
        }

        [Fact]
        public void BtowcWctob_MapAsciiOnly()
        {
            var btowc = (delegate* unmanaged<int, uint>)PosixExports.Address("btowc");
            var wctob = (delegate* unmanaged<uint, int>)PosixExports.Address("wctob");
            Assert.Equal((uint)'A', btowc('A'));
            Assert.Equal(0xFFFFFFFFu, btowc(0x80));
            Assert.Equal(0xFFFFFFFFu, btowc(-1));
            Assert.Equal('A', wctob('A'));
            Assert.Equal(-1, wctob(0x80));
        }

        private static string? SetLocale(int category, string? name)
        {
            var setlocale = (delegate* unmanaged<int, byte*, byte*>)PosixExports.Address("setlocale");
            byte* text = name == null ? null : PosixExports.CString(name);
            string? result = PosixExports.Read(setlocale(category, text));
            if (text != null)
                PosixExports.Free(text);
            return result;
        }
    }
}
