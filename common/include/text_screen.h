/**
 * @file
 * The 80x25 text screen at 0xb8000 under both firmwares.
 *
 * Every lesson writes VGA text cells (a character and its colours) to
 * 0xb8000. Under BIOS the VGA card is in text mode and draws those cells
 * itself. UEFI firmware has no text mode: it leaves a graphics mode whose
 * framebuffer GRUB passes in the Multiboot2 framebuffer tag. Then the boot
 * code points the page at 0xb8000 to an ordinary page of RAM (the cell
 * buffer below), so the lessons write their cells exactly as under BIOS,
 * and text_screen_refresh() draws the cells that changed into the
 * framebuffer with a code page 437 font (framebuffer.h).
 */
#ifndef TEXT_SCREEN_H
#define TEXT_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

/** Columns of the text screen. */
#define TEXT_SCREEN_COLUMNS 80
/** Rows of the text screen. */
#define TEXT_SCREEN_ROWS 25

/**
 * Under UEFI, the RAM page that virtual 0xb8000 reaches: the cells the
 * lessons write, which the framebuffer shows. The test runner reads the
 * screen from here (its address is in the kernel's symbol table).
 */
extern volatile uint16_t text_screen_cells[];

/**
 * Called by the boot code (long_mode.asm) before kernel_main. If GRUB passed
 * an RGB framebuffer, maps it (writable, not executable), moves the page at
 * 0xb8000 to text_screen_cells, fills it with blanks and clears the
 * framebuffer; otherwise (BIOS text mode) changes nothing.
 * @param magic the Multiboot2 magic from eax
 * @param boot_info the boot information's address
 */
void text_screen_setup(uint32_t magic, uint64_t boot_info);

/**
 * Draws the cells that changed since the last call into the framebuffer.
 * Does nothing under BIOS, where the VGA card draws the cells itself. The
 * console (lesson 03) calls it after each write, halt_forever() before it
 * stops.
 */
void text_screen_refresh(void);

/**
 * Tells whether the text screen is drawn into a framebuffer.
 * @return true under UEFI (after text_screen_setup() found a framebuffer)
 */
bool text_screen_uses_framebuffer(void);

#endif
