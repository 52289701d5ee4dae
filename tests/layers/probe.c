/*
 * The layers point one way: a file includes headers from common/include
 * and its own lesson's chain only (the Makefile's chain_includes). The
 * Makefile's check-layers target, run by make test, compiles this file in
 * a layer's place with a header of a later layer as PROBE_HEADER and
 * passes only when the compiler cannot find it; in the later layer's own
 * place the same file must compile, so the refusal is for that reason.
 */
#include PROBE_HEADER
