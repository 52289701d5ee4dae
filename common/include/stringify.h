/**
 * @file
 * STRINGIFY(): a macro's value as a string literal.
 *
 * The preprocessor's # turns its argument into a string without expanding
 * it first; passing the argument through one more macro expands it. The lab
 * tests use this to print and expect the values their macros give (a
 * hidden variant of a test changes the macros, and the expected text
 * follows).
 */
#ifndef STRINGIFY_H
#define STRINGIFY_H

/**
 * The text of the arguments after macro expansion, as a string literal:
 * with `#define WIDTH 85`, STRINGIFY(WIDTH) is "85". Commas are kept, so
 * STRINGIFY(0xde, 0xad) is "0xde, 0xad".
 */
#define STRINGIFY(...) STRINGIFY_UNEXPANDED(__VA_ARGS__)
/** The text of the arguments as written (the preprocessor's #). */
#define STRINGIFY_UNEXPANDED(...) #__VA_ARGS__

#endif
