/*
 * The grader's build of a lab's host test (tools/grader/host_labs.py): the
 * test's cmocka assertions turned into observations. Each assertion prints
 * what the student's code produced -- its first argument, the actual value
 * -- and nothing of what was expected: the expected value is never compiled
 * into the program that runs the student's code, so that program holds no
 * answer to copy or to print. The grader compares the observations with its
 * own (tests/labs/expected/, tests/labs/hidden/*.expected), outside.
 *
 * The compiler reads this file before the test (-include): cmocka.h comes
 * in first, and the test's own #include of it then does nothing.
 *
 * One observation a line: "@obs LINE<TAB>EXPRESSION<TAB>VALUE", where LINE is
 * the test's line, and VALUE a number, a quoted string or "null".
 */
#ifndef OBSERVE_H
#define OBSERVE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

static inline void observe_int(int line, const char *expression, uintmax_t value)
{
	printf("@obs %d\t%s\t%ju\n", line, expression, value);
}

static inline void observe_string(int line, const char *expression, const char *value)
{
	printf("@obs %d\t%s\t", line, expression);
	if (!value) {
		printf("null\n");
		return;
	}
	putchar('"');
	for (; *value; value++) {
		unsigned char c = (unsigned char)*value;
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

int main(void);

/* Each observation leaves at once: a case that hangs or crashes keeps what it saw. */
__attribute__((constructor)) static void observe_line_by_line(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/*
 * A panic in the student's code: the message, where the student's code
 * called panic() and the calls that led there (as offsets from main(),
 * which the grader turns into files and lines of the student's source),
 * then the case stops. The calls are found by following the saved frame
 * pointers up from panic()'s frame (the grader compiles with
 * -fno-omit-frame-pointer), only while each lies a little higher on the
 * stack than the one before.
 */
static inline void observe_panic(const char *message, const void *caller, void *frame,
				 const char *file, int line)
{
	const uintptr_t *fp = frame;

	observe_string(line, "panic", message);
	printf("@panic %td", (const char *)caller - (const char *)main);
	for (int depth = 0; depth < 6 && fp; depth++) {
		const uintptr_t *up = (const uintptr_t *)fp[0];

		if (up <= fp || (uintptr_t)up % sizeof(*up) || (uintptr_t)(up - fp) > 65536)
			break;
		fp = up;
		printf(" %td", (const char *)fp[1] - (const char *)main);
	}
	printf("\n");
	_fail(file, line);
}

#undef assert_true
#undef assert_false
#undef assert_int_equal
#undef assert_int_not_equal
#undef assert_string_equal
#undef assert_non_null
#undef assert_null
#undef assert_ptr_equal
#undef assert_memory_equal
#undef mock_assert

/* The expected value is only an operand of sizeof: never evaluated, never stored. */
#define assert_true(c)		  observe_int(__LINE__, #c, !!(c))
#define assert_false(c)		  observe_int(__LINE__, "!(" #c ")", !(c))
#define assert_int_equal(a, b)	  (observe_int(__LINE__, #a, (uintmax_t)(a)), (void)sizeof(b))
#define assert_string_equal(a, b) (observe_string(__LINE__, #a, (a)), (void)sizeof(b))
#define assert_non_null(p)	  observe_int(__LINE__, #p " != NULL", (p) != NULL)
#define assert_null(p)		  observe_int(__LINE__, #p " == NULL", (p) == NULL)
#define mock_assert(result, message, file, line) \
	observe_panic((message), __builtin_return_address(0), __builtin_frame_address(0), \
		      (file), (line))
/* These would compare inside the program: a test for grading says what it saw instead. */
#define assert_int_not_equal(a, b) observe_h_has_no_assert_int_not_equal
#define assert_ptr_equal(a, b)	   observe_h_has_no_assert_ptr_equal
#define assert_memory_equal(a, b, n) observe_h_has_no_assert_memory_equal

#endif
