/* Test driver for exceptions.S (see harness.S). Prints "ok <check>" per passing check and
   "FAIL <check> ..." otherwise; exits 1 on any failure. Offsets are RuntimeLayout's. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CONTEXT_IP 0x00
#define CONTEXT_RSP 0x08
#define CONTEXT_RBP 0x10
#define CONTEXT_RBX 0x20
#define CONTEXT_R12 0x30
#define CONTEXT_R15 0x48
#define REGDISPLAY_RBX 0x18
#define REGDISPLAY_RBP 0x20
#define REGDISPLAY_R12 0x58
#define REGDISPLAY_R13 0x60
#define REGDISPLAY_R14 0x68
#define REGDISPLAY_R15 0x70
#define REGDISPLAY_SIZE 0x88
#define EXINFO_PREVIOUS 0x00
#define EXINFO_CONTEXT 0x08
#define EXINFO_EXCEPTION 0x10
#define EXINFO_KIND 0x18
#define EXINFO_PASS 0x19
#define EXINFO_CLAUSE 0x1c
#define EXINFO_SIZE 0x190

extern void harness_throw(void *exception);
extern void harness_hardware_fault(void);
extern char harness_fault_ip[];
extern void harness_rethrow(void);
extern char harness_throw_return[], harness_rethrow_return[];
extern uint64_t harness_throw_rsp, harness_resume_sp, harness_expected_rbp;
extern uint64_t harness_seen[8], harness_resumed[7];
extern void harness_finally_funclet(void), harness_filter_funclet(void);
extern int harness_run_catch(void *regdisplay, void *exinfo);
extern void RhpCallFinallyFunclet(void *handler, void *regdisplay);
extern _Bool RhpCallFilterFunclet(void *exception, void *filter, void *regdisplay);

static int failures;
static void *exinfo_head;
static jmp_buf back_to_test;
static void *seen_exception, *seen_active;
static unsigned char seen_exinfo[EXINFO_SIZE], seen_context[0x50];
static void *seen_exinfo_address, *seen_head;

#define CHECK(name, condition) \
    do { if (condition) printf("ok %s\n", name); \
         else { printf("FAIL %s (line %d)\n", name, __LINE__); failures++; } } while (0)

static uint64_t u64(const unsigned char *p, int offset) { uint64_t v; memcpy(&v, p + offset, 8); return v; }
static uint32_t u32(const unsigned char *p, int offset) { uint32_t v; memcpy(&v, p + offset, 4); return v; }

void **osv_exinfo_head_slot(void) { return &exinfo_head; }

static void record_exinfo(unsigned char *exinfo)
{
    seen_exinfo_address = exinfo;
    memcpy(seen_exinfo, exinfo, EXINFO_SIZE);
    memcpy(seen_context, (void *)u64(exinfo, EXINFO_CONTEXT), sizeof seen_context);
    seen_head = exinfo_head;
}

void RhThrowEx(void *exception, unsigned char *exinfo)
{
    seen_exception = exception;
    record_exinfo(exinfo);
    longjmp(back_to_test, 1);
}

static uint32_t seen_code;
static uint64_t seen_red_zone;

void RhThrowHwEx(uint32_t code, unsigned char *exinfo)
{
    seen_code = code;
    memcpy(&seen_red_zone, (void *)(harness_throw_rsp - 128), 8);
    record_exinfo(exinfo);
    longjmp(back_to_test, 1);
}

void RhRethrow(void *active, unsigned char *exinfo)
{
    seen_active = active;
    record_exinfo(exinfo);
    longjmp(back_to_test, 1);
}

static void test_throw(void)
{
    unsigned char outer[EXINFO_SIZE];
    exinfo_head = outer;
    if (setjmp(back_to_test) == 0)
        harness_throw((void *)0xE0);
    CHECK("throw passes the exception", seen_exception == (void *)0xE0);
    CHECK("throw links the new ExInfo at the head", seen_head == seen_exinfo_address);
    CHECK("throw keeps the previous head", u64(seen_exinfo, EXINFO_PREVIOUS) == (uint64_t)outer);
    CHECK("throw kind is Throw", seen_exinfo[EXINFO_KIND] == 1);
    CHECK("throw starts in pass 1", seen_exinfo[EXINFO_PASS] == 1);
    CHECK("throw has no current clause", u32(seen_exinfo, EXINFO_CLAUSE) == 0xffffffffu);
    CHECK("throw clears the exception field", u64(seen_exinfo, EXINFO_EXCEPTION) == 0);
    CHECK("context IP is the thrower's return address", u64(seen_context, CONTEXT_IP) == (uint64_t)harness_throw_return);
    CHECK("context RSP is the thrower's stack pointer", u64(seen_context, CONTEXT_RSP) == harness_throw_rsp);
    CHECK("context RBP", u64(seen_context, CONTEXT_RBP) == 0x2020202020202020ull);
    CHECK("context RBX", u64(seen_context, CONTEXT_RBX) == 0x1010101010101010ull);
    CHECK("context R12", u64(seen_context, CONTEXT_R12) == 0x1212121212121212ull);
    CHECK("context R15", u64(seen_context, CONTEXT_R15) == 0x1515151515151515ull);
    CHECK("ExInfo lies below the thrower", (uint64_t)seen_exinfo_address < harness_throw_rsp);
}

static void test_rethrow(void)
{
    unsigned char active[EXINFO_SIZE];
    exinfo_head = active;
    if (setjmp(back_to_test) == 0)
        harness_rethrow();
    CHECK("rethrow passes the active ExInfo", seen_active == active);
    CHECK("rethrow links the new ExInfo after it", u64(seen_exinfo, EXINFO_PREVIOUS) == (uint64_t)active);
    CHECK("rethrow head is the new ExInfo", seen_head == seen_exinfo_address);
    CHECK("rethrow context IP", u64(seen_context, CONTEXT_IP) == (uint64_t)harness_rethrow_return);
}

static void test_hardware_fault(void)
{
    exinfo_head = NULL;
    if (setjmp(back_to_test) == 0)
        harness_hardware_fault();
    CHECK("hardware fault passes the exception code", seen_code == 0xC0000094u);
    CHECK("hardware fault kind is HardwareFault", seen_exinfo[EXINFO_KIND] == 2);
    CHECK("hardware fault context IP is the faulting instruction", u64(seen_context, CONTEXT_IP) == (uint64_t)harness_fault_ip);
    CHECK("hardware fault context RSP is the faulting stack pointer", u64(seen_context, CONTEXT_RSP) == harness_throw_rsp);
    CHECK("hardware fault context RBX and R15", u64(seen_context, CONTEXT_RBX) == 0x1010101010101010ull
          && u64(seen_context, CONTEXT_R15) == 0x1515151515151515ull);
    CHECK("hardware fault keeps the red zone", seen_red_zone == 0x5a5a5a5a5a5a5a5aull);
    CHECK("hardware fault links its ExInfo", seen_head == seen_exinfo_address && u64(seen_exinfo, EXINFO_PREVIOUS) == 0);
}

static void fill_regdisplay(unsigned char *regdisplay, uint64_t *slots)
{
    static const int offsets[6] = { REGDISPLAY_RBX, REGDISPLAY_RBP, REGDISPLAY_R12, REGDISPLAY_R13, REGDISPLAY_R14, REGDISPLAY_R15 };
    memset(regdisplay, 0, REGDISPLAY_SIZE);
    for (int i = 0; i < 6; i++) {
        uint64_t location = (uint64_t)&slots[i];
        memcpy(regdisplay + offsets[i], &location, 8);
    }
}

static void test_finally(void)
{
    uint64_t slots[6] = { 0xB0, 0xB9, 0xC12, 0xC13, 0xC14, 0xC15 }; /* rbx rbp r12 r13 r14 r15 */
    unsigned char regdisplay[REGDISPLAY_SIZE];
    fill_regdisplay(regdisplay, slots);
    RhpCallFinallyFunclet((void *)harness_finally_funclet, regdisplay);
    CHECK("finally sees the frame's rbp", harness_seen[1] == 0xB9);
    CHECK("finally sees the frame's rbx", harness_seen[2] == 0xB0);
    CHECK("finally sees the frame's r12..r15", harness_seen[3] == 0xC12 && harness_seen[4] == 0xC13
          && harness_seen[5] == 0xC14 && harness_seen[6] == 0xC15);
    CHECK("finally is called with an aligned stack", (harness_seen[7] + 8) % 16 == 0);
    CHECK("finally's changes reach the frame's slots", slots[0] == 0xB1 && slots[5] == 0xC17);
    CHECK("finally leaves unchanged slots alone", slots[2] == 0xC12 && slots[1] == 0xB9);
}

static void test_filter(void)
{
    uint64_t slots[6] = { 0xF0, 0xF9, 0xF12, 0xF13, 0xF14, 0xF15 }; /* rbx rbp r12 r13 r14 r15 */
    unsigned char regdisplay[REGDISPLAY_SIZE];
    fill_regdisplay(regdisplay, slots);
    harness_expected_rbp = 0xF9;
    CHECK("filter gets exception and frame rbp", RhpCallFilterFunclet((void *)0xE0, (void *)harness_filter_funclet, regdisplay));
    /* ilc's filter funclets keep their locals in the frame's callee-saved registers. */
    CHECK("filter sees the frame's rbx and r12..r15", harness_seen[2] == 0xF0 && harness_seen[3] == 0xF12
          && harness_seen[4] == 0xF13 && harness_seen[5] == 0xF14 && harness_seen[6] == 0xF15);
    CHECK("filter result false is passed back", !RhpCallFilterFunclet((void *)0xE1, (void *)harness_filter_funclet, regdisplay));
    CHECK("filter is called with an aligned stack", (harness_seen[7] + 8) % 16 == 0);
}

static unsigned char dead_exinfo[EXINFO_SIZE]; /* .bss: below any stack address, so "dead" */

static void test_catch(void)
{
    uint64_t slots[6] = { 0xCB0, 0xCB9, 0xC12, 0xC13, 0xC14, 0xC15 };
    unsigned char regdisplay[REGDISPLAY_SIZE];
    unsigned char live_exinfo[EXINFO_SIZE]; /* in this frame: above the resumed frame's SP */
    fill_regdisplay(regdisplay, slots);
    uint64_t live = (uint64_t)live_exinfo;
    memcpy(dead_exinfo + EXINFO_PREVIOUS, &live, 8);
    memset(live_exinfo, 0, sizeof live_exinfo);
    exinfo_head = dead_exinfo;
    int result = harness_run_catch(regdisplay, dead_exinfo);
    CHECK("catch resumes the frame (it returns normally)", result == 7);
    CHECK("catch funclet gets the exception", harness_seen[0] == 0xE0);
    CHECK("catch funclet gets the frame's rbp", harness_seen[1] == 0xCB9);
    CHECK("catch funclet is called with an aligned stack", (harness_seen[7] + 8) % 16 == 0);
    CHECK("resume uses the frame's stack pointer", harness_resumed[0] == harness_resume_sp);
    CHECK("resume restores rbp", harness_resumed[1] == 0xCB9);
    CHECK("resume restores rbx and r12..r15", harness_resumed[2] == 0xCB0 && harness_resumed[3] == 0xC12
          && harness_resumed[4] == 0xC13 && harness_resumed[5] == 0xC14 && harness_resumed[6] == 0xC15);
    CHECK("resume unlinks ExInfos below the frame", exinfo_head == live_exinfo);
}

int main(void)
{
    test_throw();
    test_rethrow();
    test_hardware_fault();
    test_finally();
    test_filter();
    test_catch();
    return failures == 0 ? 0 : 1;
}
