/**
 * @file
 * Where a report writes when it finds the console lock held: an emergency
 * writer, or nowhere.
 *
 * console_report_begin() asks for one only when console_trylock() failed,
 * that is when the report interrupted the lock's holder on this CPU. This
 * lesson's emergency_writer.c has none to give, so such a report is left to
 * serial; lesson 05 replaces that file with one that hands out writers over
 * the same screen, behind this same header.
 */
#ifndef EMERGENCY_WRITER_H
#define EMERGENCY_WRITER_H

#include "vga.h"

/**
 * Lends a writer over the screen that needs no lock, starting on a fresh
 * row, for a report that interrupted the console lock's holder. Give it
 * back with emergency_writer_put().
 * @return the writer, or NULL if there is none (this lesson's version, or
 *         lesson 05's before console_init() or when nested too deep)
 */
struct vga_writer *emergency_writer_get(void);

/**
 * Gives back the writer the last emergency_writer_get() lent (reports
 * nest, so the last one lent is the first one given back).
 */
void emergency_writer_put(void);

#endif
