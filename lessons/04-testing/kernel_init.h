/**
 * @file
 * Bringing the kernel's subsystems up, in order, in one call.
 *
 * Each lesson from 04 on has its own init.c defining kernel_init(): this
 * lesson starts the serial port and the console, lesson 05 adds the
 * interrupt descriptor table, and so on. The lesson's kernel_main, its test
 * runner and its integration tests all call it first, so all of them run on
 * the same machine state.
 */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

/** Initialises this lesson's subsystems, in dependency order. */
void kernel_init(void);

#endif
