/*
 * Lab 2.2's hidden variant (instructor-only: tools/handout.py leaves it
 * out): tests/host/test_lab_command_line.c with other names, values and
 * spacing, so that an mb2_option() that knows only the public cases' words
 * fails. The grader compiles it apart from the student's code and compares
 * what it observes with test_lab_command_line.expected.
 */
#define PLAIN_WORDS(check)                 \
	check("alpha beta gamma", "beta")  \
	check("gamma", "gamma")            \
	check("quiet=1 nosmp", "nosmp")
#define VALUES(check)                                \
	check("root=/dev/sda2 mem=512M", "mem", "512M")  \
	check("k_9=Z", "k_9", "Z")                   \
	check("q rr=ssss t", "rr", "ssss")           \
	check("x==", "x", "=")
#define POSITIONS(check)                               \
	check("root=/dev/sda2 mem=512M", "mem", 19, 4) \
	check("q rr=ssss t", "rr", 5, 4)               \
	check("debugger=1 debug=2", "debug", 17, 1)
#define NOT_WORDS(check)                \
	check("debugger=1", "debug")    \
	check("xdebug", "debug")        \
	check("de", "debug")            \
	check("a=debug", "debug")       \
	check("debug_x debugx", "debug")
#define FIRST_MATCHES(check)                  \
	check("      z=abc   z=de", "z", "abc") \
	check("k k=v", "k", "")
#define SPACING(check)                       \
	check("      z=abc   z=de", "z", "abc") \
	check("         ", "z", NULL)           \
	check("a= b", "b", "")
#include "../../host/test_lab_command_line.c"
